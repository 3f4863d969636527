"""A framework's grades as the checks read them: which is best, which need improvement behind
them, and the best grade a question carrying a cause of concern may have."""

from __future__ import annotations

from dataclasses import dataclass

from models.framework import Framework, Grade


@dataclass(frozen=True)
class GradeScale:
    """The grades best first, and ``cap``: the best grade allowed with a cause of concern
    (``None`` when the framework sets none; PEEL 2015 sets *requires improvement*)."""

    grades: tuple[Grade, ...]
    cap: Grade | None = None

    @classmethod
    def of(cls, framework: Framework) -> GradeScale:
        """The framework's scale and the cap it sets (none when it names no grade)."""
        grades = tuple(sorted(framework.grades, key=lambda g: g.position))
        wanted = (framework.cause_of_concern_cap or "").strip().lower()
        cap = next((g for g in grades if wanted and g.name.lower() == wanted), None)
        return cls(grades, cap)

    def position(self, name: str | None) -> int | None:
        """The grade's place on the scale (0 best); ``None`` for no grade or one not on it."""
        if not name:
            return None
        key = name.strip().lower()
        for index, grade in enumerate(self.grades):
            if grade.name.lower() == key:
                return index
        return None

    @property
    def needs_improvement_from(self) -> int:
        """The first position whose grade needs an area for improvement or a cause of
        concern behind it: the cap when there is one, else the lower half of the scale."""
        if self.cap is not None:
            capped = self.position(self.cap.name)
            if capped is not None:
                return capped
        return (len(self.grades) + 1) // 2

    def is_best(self, position: int) -> bool:
        """The top grade (*outstanding*) on a scale long enough to have one."""
        return position == 0 and len(self.grades) >= 3

    def is_upper(self, position: int) -> bool:
        """Good or better: above the grades that need improvement behind them."""
        return position < self.needs_improvement_from
