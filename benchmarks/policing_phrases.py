"""Word lists and sentence templates for generating realistic-looking inspection text.

Used by ``make_large_inspection.py``. The force, its towns and everything said
here are invented; the phrasing follows the way inspection teams write up
interviews, visits and case-file reviews. Templates use ``str.format`` slots:
``{subject}`` (starting a sentence), ``{topic}`` (within one),
``{role}``, ``{town}``, ``{town2}``, ``{n}``, ``{m}``, ``{pct}`` and, in findings,
``{predicate}``.
"""

FORCE = "Northmoor Constabulary"
HQ = "Calder Bridge"
TOWNS = [
    "Brackenford",
    "Hallowmere",
    "Stanbridge",
    "Kelsey Vale",
    "Thornbury Cross",
    "Marlowe",
    "Eastwick Green",
    "Calder Bridge",
    "Oakhampstead",
    "Redmarsh",
    "Fenwick",
    "Saltley Quay",
]

INITIALS = [
    "AB",
    "CK",
    "DM",
    "EH",
    "FR",
    "GW",
    "HT",
    "JP",
    "KL",
    "MS",
    "NO",
    "PV",
    "RD",
    "SB",
    "TQ",
    "WY",
]

# Where each source type tends to be collected; "{town}" is filled in.
LOCATIONS = {
    "field": [
        "{town} police station",
        "{town} custody suite",
        "Force control room, " + HQ,
        "{town} neighbourhood team base",
        "Response team briefing room, {town}",
        "Public protection unit, {town}",
        "Multi-agency safeguarding hub, {town}",
        "Integrated offender management hub, {town}",
        "Front counter, {town}",
        "Criminal investigation department, {town}",
        "Digital forensics unit, " + HQ,
    ],
    "office": [
        "Inspection team room, police headquarters, " + HQ,
        "Police headquarters, " + HQ,
        "Chief officer suite, " + HQ,
        "Force intelligence bureau, " + HQ,
        "Performance and analysis team, " + HQ,
    ],
    "partner": [
        "Civic offices, {town}",
        "Children's services, {town} council",
        "Probation office, {town}",
        "Community safety partnership office, {town}",
        "Housing association office, {town}",
        "Hospital safeguarding team, {town}",
    ],
    "survey": ["Online survey"],
    "remote": ["Telephone", "Video call"],
}

SENIOR_ROLES = [
    "Chief constable",
    "Deputy chief constable",
    "Assistant chief constable (operations)",
    "Assistant chief constable (crime and criminal justice)",
    "Chief superintendent, local policing",
    "Head of public protection",
    "Head of intelligence",
    "Detective chief superintendent, crime command",
    "Superintendent, neighbourhoods and partnerships",
    "Head of performance",
]
FRONTLINE_ROLES = [
    "Response sergeant",
    "Response constable",
    "Neighbourhood sergeant",
    "Police community support officer",
    "Custody sergeant",
    "Control room inspector",
    "Call handler",
    "Detective sergeant",
    "Detective constable",
    "Domestic abuse officer",
    "Missing person coordinator",
    "Child sexual exploitation coordinator",
    "Offender manager",
    "Financial investigator",
    "Intelligence analyst",
    "Digital media investigator",
]
GROUPS = [
    "Response constables",
    "Neighbourhood officers and PCSOs",
    "Detective constables",
    "Call handlers",
    "Detective sergeants",
    "Special constables",
    "Public protection staff",
    "Custody staff",
    "Supervisors (sergeants and inspectors)",
]
PARTNER_ROLES = [
    "Community safety partnership manager",
    "Children's social care manager",
    "Probation service manager",
    "Health safeguarding nurse",
    "Independent domestic violence adviser",
    "Housing officer",
    "Youth offending team manager",
    "Council ASB coordinator",
    "Police and crime commissioner's office",
]

# Topic nouns per core question of the 2015 effectiveness framework.
SUBJECTS = {
    "1": [
        "Neighbourhood policing teams",
        "Problem-solving plans",
        "Daily tasking meetings",
        "Anti-social behaviour case records",
        "Joint patrols with council wardens",
        "Hotspot patrol plans",
        "PCSO abstraction rates",
        "Community speed watch schemes",
        "Shared problem-solving records",
        "Information-sharing agreements with partners",
        "Crime prevention visits to repeat victims",
        "Neighbourhood priorities",
    ],
    "2": [
        "Initial investigations by response officers",
        "Crime allocation decisions",
        "Supervisory reviews of volume crime",
        "Digital evidence examinations",
        "Updates to victims",
        "Integrated offender management arrangements",
        "Out-of-court disposals",
        "Visits to registered sex offenders",
        "Entries on the outstanding suspects list",
        "Released-under-investigation cases",
        "Investigation plans for serious assaults",
        "Victim satisfaction surveys",
    ],
    "3": [
        "DASH risk assessments",
        "Telephone-only risk assessments",
        "Referrals to the multi-agency safeguarding hub",
        "Reports of missing children",
        "Child sexual exploitation screening",
        "MARAC referrals",
        "Domestic violence protection orders",
        "Safeguarding plans for repeat victims",
        "Vulnerability training sessions for call handlers",
        "Return home interviews",
        "Checks on previous incidents at an address",
        "Secondary risk assessments",
    ],
    "4": [
        "Organised crime group mapping",
        "Lead responsible officers",
        "4P plans for organised crime groups",
        "Regional organised crime unit tasking",
        "Arrangements for the strategic policing requirement",
        "Serious and organised crime local profiles",
        "Asset recovery investigations",
        "Firearms command arrangements",
        "Cyber crime investigations",
        "Partner contributions to disrupting organised crime",
        "Intelligence reports on county lines drug supply",
        "Public order mobilisation plans",
    ],
}

PREDICATES = {
    "positive": [
        "are well understood by frontline officers",
        "are consistently of a good standard",
        "are reviewed every day by a supervisor",
        "are valued by partner agencies",
        "are embedded in daily business",
        "are well resourced despite budget cuts",
        "show a clear focus on the victim",
        "are tracked closely by senior leaders",
        "are used effectively to set priorities",
        "compare well with other forces",
    ],
    "negative": [
        "are not always completed",
        "lack effective supervision",
        "vary in quality between districts",
        "are not reviewed in good time",
        "are poorly understood by response officers",
        "are not recorded consistently",
        "are delayed by high workloads",
        "do not always reach partners",
        "are not monitored by senior leaders",
        "fall short of national guidance",
    ],
    "neutral": [
        "are being revised after the restructure",
        "were described by the lead officer",
        "have recently been introduced",
        "are under review by the force",
        "are managed by a central team",
        "were discussed with the team",
        "follow the force policy of 2014",
        "are recorded on the new system",
    ],
}

QUALIFIERS = [
    "in the north district",
    "in {n} of {m} cases reviewed",
    "on the night shift",
    "since the April restructure",
    "according to the focus group",
    "with some exceptions",
    "across all local policing areas",
    "at {town}",
    "in the control room",
    "for high-risk cases",
    "in the last six months",
    "when demand is high",
    "in the files we examined",
    "in {town} and {town2}",
]

OPENERS = {
    "interview": [
        "The {role} described how {topic} are managed day to day.",
        "We interviewed the {role} about {topic}.",
        "In interview the {role} explained the force's approach to {topic}.",
    ],
    "focus_group": [
        "A focus group of {n} officers and staff discussed {topic}.",
        "Participants in the focus group spoke openly about {topic}.",
    ],
    "reality_testing": [
        "During an unannounced visit to {town} we asked staff about {topic}.",
        "We visited {town} unannounced and spoke to the {role} on duty.",
    ],
    "case_file_review": [
        "We reviewed {m} case files relating to {topic}.",
        "A dip sample of {m} records was examined for {topic}.",
    ],
    "document_review": [
        "The force provided its policy and supporting documents on {topic}.",
        "We read the latest strategic assessment, which covers {topic}.",
    ],
    "data_return": [
        "The force's data return shows figures for {topic} over the last year.",
        "Figures supplied by the performance team cover {topic}.",
    ],
    "public_survey": ["The public survey asked residents about {topic}."],
    "partner_survey": ["The partner survey asked organisations about {topic}."],
    "observation": [
        "We observed a meeting at which {topic} were discussed.",
        "We sat in on the morning briefing at {town}.",
    ],
    "other": ["Further information on {topic} was provided after the visit."],
}

SENTENCES = {
    "positive": [
        "Officers could describe the process clearly and gave recent examples.",
        "The {role} showed a good understanding of the risks involved.",
        "In {n} of {m} cases the records were complete and supervised within 24 hours.",
        "Partners told us that the relationship with the force is strong and open.",
        "Supervisors check the quality of the work and give feedback to officers.",
        "The approach is well established and staff are proud of it.",
        "Performance has improved by {pct} percent over the last twelve months.",
        "Victims were kept informed and the safeguarding actions were appropriate.",
        "Senior leaders monitor this closely through the monthly performance meeting.",
        "Training has been delivered to all frontline staff and is refreshed every year.",
        "The team at {town} had a clear plan and knew the priorities for the week.",
        "This is consistent with what we found in other districts.",
        "The {role} gave a confident and well-informed account of the arrangements.",
        "Records showed that actions agreed at the meeting had been completed on time.",
        "Staff feel supported by their supervisors and know where to find guidance.",
        "Partners described joint working at {town} as among the best they had seen.",
        "The force has acted on the recommendations of our previous inspection.",
        "Feedback from victims in the survey was largely positive.",
    ],
    "negative": [
        "Officers were unsure who was responsible for the next steps.",
        "In {n} of {m} cases there was no evidence of supervision.",
        "Several staff said that workloads prevent them from doing this properly.",
        "Partners told us that information from the force often arrives late.",
        "The {role} accepted that the backlog had grown since the summer.",
        "Risk was not always reassessed when circumstances changed.",
        "We found {n} cases where the victim had not been updated for over a month.",
        "There is no single owner for this work at senior level.",
        "The quality of records varies widely between teams.",
        "Staff at {town} had not received the training described in the policy.",
        "The force's own audit found similar weaknesses but actions remain open.",
        "This creates a risk that vulnerable people are not identified quickly enough.",
        "Several officers told us they had not seen the policy.",
        "The {role} could not tell us how performance in this area is measured.",
        "Demand at {town} regularly exceeds the officers available on a shift.",
        "Handovers between shifts are informal and actions are sometimes lost.",
        "In {n} of {m} records the risk level had not been reviewed by a supervisor.",
        "Partners were not invited to the meeting and were unaware of the plan.",
    ],
    "neutral": [
        "The force is in the middle of a restructure that will change these arrangements.",
        "A new IT system is due to go live next spring.",
        "The {role} provided copies of the relevant documents after the interview.",
        "Figures for the year to June show a change of {pct} percent.",
        "The policy was last updated in March.",
        "Arrangements differ slightly between the {town} and {town2} areas.",
        "We will test this further during the second week of fieldwork.",
        "This should be read alongside the force's own self-assessment.",
        "The force expects to publish a revised strategy later in the year.",
        "Responsibility for this moved to a central team in the spring.",
        "The {role} agreed to send the latest performance report.",
        "We did not have time to test this at {town2}.",
    ],
}

FINDING_STATEMENTS = {
    "strength": [
        "{subject} {predicate}, and this is having a positive effect on the public.",
        "The force has a strong approach: {topic} {predicate}.",
        "{subject} {predicate}; staff and partners spoke highly of them.",
    ],
    "area_for_improvement": [
        "The force should improve its approach, because {topic} {predicate}.",
        "{subject} {predicate}; the force should address this.",
        "The force should ensure that weaknesses are tackled: {topic} {predicate}.",
    ],
    "cause_of_concern": [
        "{subject} {predicate}, which leaves vulnerable people at risk of harm.",
        "The force's approach is a cause of concern: {topic} {predicate}.",
    ],
    "notable_practice": [
        "{subject} {predicate}; this is notable practice that other forces could adopt.",
        "An innovative approach means that {topic} {predicate}.",
    ],
}

RECOMMENDATIONS = [
    "Within three months, the force should review its approach to {topic} and put in "
    "place effective supervision so that risk is assessed and managed consistently.",
    "Within six months, the force should ensure that {topic} meet national guidance, and "
    "that senior leaders monitor compliance.",
    "Within three months, the force should develop an action plan, agreed with partners, to "
    "make sure {topic} protect vulnerable people effectively.",
]

GRADE_OPENINGS = {
    "Outstanding": "The force is outstanding in this area.",
    "Good": "The force is good in this area.",
    "Requires improvement": "The force requires improvement in this area.",
    "Inadequate": "The force is inadequate in this area.",
}
