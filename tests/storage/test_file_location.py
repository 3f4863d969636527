"""Warnings for inspection files in cloud-synchronised folders or on network drives."""

from __future__ import annotations

import pytest

from storage.file.file_location import read_mounts, sync_risk

MOUNTS = read_mounts("""\
/dev/sda1 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
fileserver:/teams /mnt/teams nfs4 rw 0 0
//hq/inspections /media/HQ\\040Share cifs rw 0 0
jo@box:/srv /home/jo/remote fuse.sshfs rw 0 0
""")


@pytest.mark.parametrize(
    "path, service",
    [
        ("/home/jo/OneDrive/Inspections/hampshire.inspection", "OneDrive"),
        ("/home/jo/OneDrive - Inspectorate/hampshire.inspection", "OneDrive"),
        (r"C:\Users\jo\OneDrive - HMICFRS\Fieldwork\hampshire.inspection", "OneDrive"),
        ("/home/jo/Dropbox/hampshire.inspection", "Dropbox"),
        (r"G:\My Drive\hampshire.inspection", "Google Drive"),
        ("/Users/jo/Google Drive/hampshire.inspection", "Google Drive"),
        ("/Users/jo/GoogleDrive-jo@example.org/hampshire.inspection", "Google Drive"),
        ("/Users/jo/Library/Mobile Documents/com~apple~CloudDocs/hampshire.inspection", "iCloud"),
        (r"C:\Users\jo\iCloudDrive\hampshire.inspection", None),
        (r"C:\Users\jo\iCloud Drive\hampshire.inspection", "iCloud"),
        ("/Users/jo/Library/CloudStorage/Box-Box/hampshire.inspection", "cloud storage"),
    ],
)
def test_cloud_folders_are_recognised_by_their_names(path, service):
    warning = sync_risk(path, MOUNTS)
    if service is None:
        assert warning is None
    else:
        assert warning.startswith(f"hampshire.inspection is inside a {service} folder.")
        assert "damage" in warning


@pytest.mark.parametrize(
    "path",
    [
        "/mnt/teams/hampshire.inspection",
        "/media/HQ Share/2026/hampshire.inspection",
        "/home/jo/remote/hampshire.inspection",
        r"\\fileserver\teams\hampshire.inspection",
        "//fileserver/teams/hampshire.inspection",
    ],
)
def test_network_drives_are_recognised(path):
    assert sync_risk(path, MOUNTS).startswith("hampshire.inspection is on a network drive.")


@pytest.mark.parametrize(
    "path",
    [
        "/home/jo/Documents/hampshire.inspection",
        "/tmp/hampshire.inspection",
        "/mnt/teamsheet/hampshire.inspection",  # a longer name, not inside /mnt/teams
        "/home/jo/Documents/OneDriveNotes.txt/../hampshire.inspection",
    ],
)
def test_local_files_get_no_warning(path):
    assert sync_risk(path, MOUNTS) is None


def test_the_real_mounts_are_read_without_error(tmp_path):
    warning = sync_risk(tmp_path / "x.inspection")
    assert warning is None or "network drive" in warning
