"""Random but realistic plan content drawn from a seed, and its gold records.

Everything a renderer prints comes from a :class:`Plan`; the gold records are computed
here from the same objects, with this module's own small date rules (it imports nothing
from the pipeline), following tests/gold/README.md:

* an exact date is that date (day-first); a month ("Mar 15", "March 2014") is its last day;
* "Q2 2016/17" is the end of that financial-year quarter (Q1 = Apr-Jun); "2016/17" is 31 March 2017;
* a range is its end; "3 months", "Within six months", "Immediately" are the stated
  inspection date (else the document date) plus that many months;
* "Ongoing", "TBA" and blank are null.
"""

from __future__ import annotations

import calendar
import csv
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

AUTHORITIES_CSV = Path(__file__).resolve().parents[2] / "pipeline" / "reference" / "authorities.csv"

# Councils that did not exist in 2012-2019 or whose canonical name is awkward to print.
_SKIP = {"City of London", "Isles of Scilly", "Cumberland", "Westmorland and Furness", "North Yorkshire",
         "Somerset", "Buckinghamshire", "North Northamptonshire", "West Northamptonshire", "Dorset"}


@dataclass
class Council:
    name: str      # canonical (gold "authority")
    printed: str   # as the document prints it
    la_type: str


def councils() -> list[Council]:
    out = []
    with AUTHORITIES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name, la_type = row["name"], row["la_type"]
            if "," in name or name in _SKIP or la_type not in {
                "County", "London Borough", "Metropolitan District", "Unitary Authority"
            }:
                continue
            out.append(Council(name, name, la_type))
    return out


def printed_council(rng: random.Random, council: Council) -> str:
    name = council.name
    if council.la_type == "London Borough":
        return rng.choice([f"London Borough of {name}", f"{name} Council", f"{name}"])
    if council.la_type == "County":
        return rng.choice([f"{name} County Council", f"{name} County Council", f"{name}"])
    return rng.choice([f"{name} Council", f"{name} Borough Council" if council.la_type == "Metropolitan District"
                       else f"{name} Council", name])


# --------------------------------------------------------------------------- dates

MONTH_NAMES = list(calendar.month_name)[1:]
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(day: date, rng: random.Random) -> str:
    return rng.choice([f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
                       f"{ordinal(day.day)} {MONTH_NAMES[day.month - 1]} {day.year}"])


def financial_year(day: date) -> int:
    """Start year of the financial year (April-March) containing day."""
    return day.year if day.month >= 4 else day.year - 1


def quarter_end(q: int, fy_start: int) -> date:
    return {1: date(fy_start, 6, 30), 2: date(fy_start, 9, 30), 3: date(fy_start, 12, 31),
            4: date(fy_start + 1, 3, 31)}[q]


WORD_MONTHS = {1: "one", 2: "two", 3: "three", 4: "four", 6: "six", 9: "nine", 12: "twelve"}


def deadline(rng: random.Random, base: date | None, start: date) -> tuple[str | None, date | None]:
    """A deadline as printed and its gold ISO date. ``base`` is the stated inspection (else document) date."""
    target = start + timedelta(days=rng.randint(20, 420))
    kind = rng.choices(
        ["dd/mm/yy", "dd/mm/yyyy", "Mon yy", "Month yyyy", "ordinal", "quarter", "fy", "ongoing",
         "months", "within", "immediately", "range", "blank", "tba"],
        weights=[14, 8, 8, 10, 9, 6, 2, 6, 6, 3, 2, 5, 2, 1])[0]
    if kind == "dd/mm/yy":
        return target.strftime("%d/%m/%y"), target
    if kind == "dd/mm/yyyy":
        return target.strftime("%d/%m/%Y"), target
    if kind == "Mon yy":
        return f"{MONTH_ABBR[target.month - 1][:3]} {target.year % 100:02d}", month_end(target.year, target.month)
    if kind == "Month yyyy":
        name = rng.choice([MONTH_NAMES[target.month - 1], MONTH_ABBR[target.month - 1]])
        return f"{name} {target.year}", month_end(target.year, target.month)
    if kind == "ordinal":
        return f"{ordinal(target.day)} {MONTH_NAMES[target.month - 1]} {target.year}", target
    if kind == "quarter":
        fy = financial_year(target)
        q = {4: 1, 5: 1, 6: 1, 7: 2, 8: 2, 9: 2, 10: 3, 11: 3, 12: 3, 1: 4, 2: 4, 3: 4}[target.month]
        return f"Q{q} {fy}/{(fy + 1) % 100:02d}", quarter_end(q, fy)
    if kind == "fy":
        fy = financial_year(target)
        return f"{fy}/{(fy + 1) % 100:02d}", date(fy + 1, 3, 31)
    if kind == "ongoing":
        return rng.choice(["Ongoing", "Ongoing", "On-going"]), None
    if kind == "tba":
        return "TBA", None
    if kind == "blank":
        return None, None
    if kind in ("months", "within"):
        n = rng.choice([1, 3, 3, 3, 6, 6, 12])
        if kind == "months":
            text = f"{n} months" if n > 1 else "1 month"
        else:
            text = f"Within {WORD_MONTHS[n]} month{'s' if n > 1 else ''}"
        return text, (add_months(base, n) if base else None)
    if kind == "immediately":
        return "Immediately", base
    # range: its end
    first = add_months(start, rng.randint(0, 3))
    end = add_months(first, rng.randint(3, 9))
    a = rng.choice([MONTH_ABBR[first.month - 1], MONTH_NAMES[first.month - 1]])
    b = rng.choice([MONTH_ABBR[end.month - 1][:3], MONTH_NAMES[end.month - 1]])
    sep = rng.choice([" - ", " – ", " to "])
    return f"{a} {first.year}{sep}{b} {end.year}", month_end(end.year, end.month)


# --------------------------------------------------------------------------- RAG

SHADES = {
    "red": ["C00000", "FF0000", "E31B23", "D9534F"],
    "amber": ["FFC000", "FFBF00", "F79646", "FFB000"],
    "green": ["00B050", "92D050", "70AD47", "00A651"],
    "blue": ["0070C0", "00B0F0", "4472C4", "2E75B6"],
}
RAG_TEXT = {
    "red": ["Red", "R", "RED"],
    "amber": ["Amber", "A", "AMBER", "Amber/Green", "Amber / Green", "A/G"],
    "green": ["Green", "G", "GREEN"],
    "blue": ["Completed", "Complete", "Blue"],
}
RAG_MIXED = {"Red/Amber": "red", "R/A": "red", "Red / Amber": "red"}


def rag_choice(rng: random.Random) -> str | None:
    return rng.choices(["red", "amber", "green", "blue", None], weights=[2, 5, 5, 3, 1])[0]


def rag_text(rng: random.Random, rag: str | None, style: str) -> str | None:
    """Printed RAG text in one document's style ("word", "letter", "caps")."""
    if rag is None:
        return None
    if rag == "red" and rng.random() < 0.2:
        return rng.choice(list(RAG_MIXED))
    options = RAG_TEXT[rag]
    if style == "letter" and rag != "blue":
        return options[1] if rng.random() < 0.85 else options[0]
    if style == "caps" and rag != "blue":
        return options[2]
    if rag == "amber" and rng.random() < 0.3:
        return rng.choice(options[3:])
    return options[0] if rag != "blue" else rng.choice(options)


# --------------------------------------------------------------------------- phrase banks

CHILDREN = ["children in need", "children subject to child protection plans", "children looked after",
            "care leavers", "disabled children", "children on the edge of care", "young people aged 16 and 17",
            "children placed out of borough", "children in private fostering arrangements",
            "children who go missing from home or care"]

TOPICS: dict[str, dict[str, list[str]]] = {
    "supervision": {
        "heading": ["QUALITY OF PRACTICE", "Management oversight and supervision", "Leadership and management"],
        "rec": [
            "Ensure that all social workers receive regular, reflective supervision that is recorded on the child's file{tail}",
            "Ensure that management oversight of casework is consistently evident and that supervision challenges drift and delay{tail}",
            "Improve the quality and frequency of supervision for staff working with {children}{tail}",
            "Ensure that supervision records clearly set out decisions, their rationale and the actions required{tail}",
        ],
        "act": [
            "Revise the supervision policy and practice standards{purpose}",
            "Deliver reflective supervision training to all team managers and senior practitioners{purpose}",
            "Introduce a monthly audit of supervision records in each team{purpose}",
            "Team managers to record supervision decisions on the child's electronic file within five working days",
            "Implement a supervision tracker reported monthly to the Head of Service{purpose}",
            "Heads of Service to dip sample supervision files each quarter{purpose}",
            "Launch a case summary template so that management decisions are visible on every open case",
        ],
    },
    "care_leavers": {
        "heading": ["CARE LEAVERS", "Care leavers and transition to adulthood", "Children looked after and care leavers"],
        "rec": [
            "Ensure that pathway plans are specific, outcome focused and reviewed regularly with care leavers{tail}",
            "Take action to reduce the number of care leavers living in unsuitable accommodation{tail}",
            "Ensure that care leavers are supported into education, employment or training{tail}",
            "Ensure that care leavers receive their health histories and know how to access their records{tail}",
        ],
        "act": [
            "Review all pathway plans for young people aged 16 to 21 and update those that are not outcome focused",
            "Commission additional supported lodgings placements for care leavers{purpose}",
            "Establish a multi-agency accommodation panel chaired by the Head of Service{purpose}",
            "Personal advisers to maintain contact at least every eight weeks with every care leaver",
            "Agree an apprenticeship offer for care leavers across council departments",
            "Provide each care leaver with a summary of their health history at their final health assessment",
            "Co-produce the local offer for care leavers with the Children in Care Council{purpose}",
            "Develop a staying put policy and publicise it to foster carers and young people",
        ],
    },
    "mash": {
        "heading": ["FRONT DOOR AND MASH", "Help and protection", "The front door"],
        "rec": [
            "Ensure that thresholds for intervention are understood and consistently applied by partner agencies{tail}",
            "Ensure that all contacts and referrals to the MASH are screened and decided upon within 24 hours{tail}",
            "Strengthen the multi-agency safeguarding hub so that information sharing is timely and proportionate{tail}",
            "Ensure that strategy discussions involve all relevant agencies and are clearly recorded{tail}",
        ],
        "act": [
            "Relaunch the threshold document with all partner agencies through the LSCB{purpose}",
            "Co-locate police, health and education staff within the MASH",
            "Introduce daily MASH meetings to review all contacts rated amber or red",
            "Audit a sample of 30 contacts each month for timeliness and quality of decision making",
            "Agree an information sharing protocol signed by all statutory partners",
            "Ensure that health and police attend all strategy discussions, by telephone where necessary",
            "Publish a revised referral form for professionals{purpose}",
        ],
    },
    "assessment": {
        "heading": ["ASSESSMENT AND PLANNING", "Quality of assessments", "Assessment, planning and review"],
        "rec": [
            "Ensure that assessments are comprehensive, up to date and take account of the full circumstances of the child{tail}",
            "Ensure that plans for {children} are specific, measurable and time bound{tail}",
            "Improve the quality of child in need plans so that the actions required and their timescales are clear{tail}",
            "Ensure that the views and wishes of children are recorded and inform assessments and plans{tail}",
        ],
        "act": [
            "Introduce the single assessment and train all frontline staff in its use{purpose}",
            "Revise the child in need plan template so that outcomes and contingency plans are explicit",
            "Undertake a thematic audit of assessments completed in the last six months{purpose}",
            "Roll out direct work tool kits to capture the voice of the child",
            "Team managers to sign off every assessment within 45 working days",
            "Deliver workshops on SMART planning to social workers and partner agencies",
            "Review all child in need cases open for more than twelve months{purpose}",
        ],
    },
    "pep": {
        "heading": ["EDUCATION OF CHILDREN LOOKED AFTER", "Virtual School", "Educational achievement"],
        "rec": [
            "Ensure that personal education plans are of good quality and completed within statutory timescales{tail}",
            "Improve the educational attainment and attendance of {children}{tail}",
            "Ensure that the Virtual School monitors the progress of children placed out of the area{tail}",
        ],
        "act": [
            "Introduce an electronic PEP for all children looked after of statutory school age",
            "Virtual School to quality assure every PEP each term{purpose}",
            "Designated teachers to attend PEP training delivered by the Virtual School",
            "Use pupil premium plus funding to provide one to one tuition for children below expected progress",
            "Track attendance of children looked after daily through the attendance service",
            "Report PEP completion rates to the Corporate Parenting Panel each quarter",
        ],
    },
    "iro": {
        "heading": ["INDEPENDENT REVIEWING", "The IRO service", "Care planning and review"],
        "rec": [
            "Ensure that independent reviewing officers effectively challenge drift in care planning{tail}",
            "Reduce caseloads of independent reviewing officers so that they can fulfil their role{tail}",
            "Ensure that reviews of children looked after are held within timescales and that children participate{tail}",
        ],
        "act": [
            "Recruit two additional IROs to bring caseloads within the IRO Handbook range",
            "Implement the dispute resolution protocol and report its use to the Director quarterly",
            "IROs to consult with every child before their review, using the consultation app",
            "Publish the IRO annual report and present it to the Corporate Parenting Board",
            "Introduce mid-point reviews by IROs for children with plans for permanence",
            "Audit the timeliness of review minutes{purpose}",
        ],
    },
    "cse": {
        "heading": ["CHILD SEXUAL EXPLOITATION AND MISSING CHILDREN", "Missing and exploited children", "Children at risk of CSE"],
        "rec": [
            "Ensure that children who go missing are offered return interviews and that the information is used to reduce risk{tail}",
            "Strengthen the response to children at risk of sexual exploitation{tail}",
            "Ensure that the risks to children at risk of child sexual exploitation are assessed using a consistent tool{tail}",
        ],
        "act": [
            "Commission an independent return interview service for all children who go missing",
            "Establish a multi-agency sexual exploitation panel meeting monthly",
            "Roll out the CSE risk assessment tool to all social work teams{purpose}",
            "Map the links between missing episodes, CSE and school exclusions",
            "Deliver CSE awareness training to taxi drivers, hoteliers and licensed premises",
            "Produce a monthly missing children report for the LSCB{purpose}",
        ],
    },
    "workforce": {
        "heading": ["WORKFORCE", "Workforce stability", "Recruitment and retention"],
        "rec": [
            "Increase the stability of the social work workforce so that children have fewer changes of social worker{tail}",
            "Ensure that social work caseloads are manageable{tail}",
            "Ensure that newly qualified social workers receive protected caseloads and support{tail}",
        ],
        "act": [
            "Implement the recruitment and retention strategy, including a market supplement for experienced staff",
            "Reduce the proportion of agency social workers to below 15 per cent",
            "Introduce an Assessed and Supported Year in Employment programme for all newly qualified social workers",
            "Monitor caseloads weekly and report exceptions to the Assistant Director",
            "Launch a social work academy with a programme of continuous professional development",
            "Hold exit interviews with all leaving staff and report themes to the workforce board",
        ],
    },
    "qa": {
        "heading": ["QUALITY ASSURANCE AND PERFORMANCE", "Performance management", "Governance and quality assurance"],
        "rec": [
            "Ensure that the quality assurance framework drives improvement and that learning from audits is acted upon{tail}",
            "Improve the use of performance information by senior managers and elected members{tail}",
            "Ensure that the LSCB monitors the effectiveness of early help{tail}",
        ],
        "act": [
            "Publish a revised quality assurance framework with a rolling programme of case audits",
            "Produce a monthly performance scorecard for the Improvement Board",
            "Hold quarterly learning events to share audit findings with practitioners",
            "Lead Member and Chief Executive to attend practice weeks twice a year",
            "Moderate a sample of audits each month to ensure consistency of grading",
            "Commission a peer review from a neighbouring authority{purpose}",
        ],
    },
}

TAILS = ["", "", "", " so that risks to children are understood and reduced", " and that this is evidenced on case files",
         " and that managers monitor compliance", " across all teams", ", including for {children}",
         " so that children receive help at the right time"]
PURPOSES = ["", "", "", " to ensure consistent practice across teams", " and report findings to the Improvement Board",
            ", with quarterly reporting to the LSCB", " so that learning is shared across the service",
            " and evaluate its impact after six months", " in line with statutory guidance"]
SUB_BULLETS = [
    "audit a sample of cases each month", "report findings to the Senior Management Team",
    "share learning at the practice forum", "agree revised practice standards", "update the procedures manual",
    "consult with young people through the Children in Care Council", "review the impact after three months",
    "include partner agencies in the audit programme", "track completion through the performance scorecard",
    "brief elected members through the Corporate Parenting Panel", "deliver refresher training to all teams",
]
LONG_BULLETS = [
    "complete a baseline audit of all open cases in the team and grade each against the practice standards",
    "hold fortnightly case review meetings chaired by the team manager with the allocated social worker",
    "agree a tracker of every case where drift has been identified, with named actions and review dates",
    "present the findings of the audit to the Improvement Board together with an action plan for each team",
    "provide bespoke training for team managers on recording management decisions and their rationale",
    "ensure that the voice of the child is recorded at every visit and informs the review of the plan",
    "share the learning from complaints and compliments at the monthly practice improvement forum",
    "review the impact of the changes through a follow-up audit three months after implementation",
    "work with the LSCB training sub-group to extend the training offer to partner agencies",
    "report progress against each measure to the Lead Member for Children's Services every month",
    "update the procedures manual and circulate a practice briefing to all staff in children's social care",
]
FIRST = ["Alison", "Andrew", "Bernadette", "Carol", "Clare", "David", "Denise", "Fiona", "Gareth", "Helen", "Ian",
         "Jackie", "Jane", "Jo", "Karen", "Kevin", "Linda", "Mark", "Michelle", "Nick", "Paul", "Rachel", "Richard",
         "Sally", "Sarah", "Simon", "Stephen", "Sue", "Tim", "Tracey", "Yvonne", "Zafar", "Amrit", "Olu", "Bridget"]
LAST = ["Ahmed", "Baker", "Bennett", "Brown", "Campbell", "Clarke", "Davies", "Edwards", "Evans", "Fletcher", "Green",
        "Hall", "Harris", "Hughes", "Jackson", "Jones", "Khan", "Lewis", "Martin", "Morgan", "O'Neill", "Patel",
        "Roberts", "Shaw", "Singh", "Taylor", "Thompson", "Walker", "Ward", "Wilson", "Wright", "Okafor", "Nolan"]
ROLES = ["Head of Safeguarding", "Head of Service, Children in Care", "Service Manager, MASH", "Principal Social Worker",
         "Director of Children's Services", "Assistant Director, Social Care", "IRO Service Manager",
         "Virtual School Headteacher", "Head of Quality Assurance", "Workforce Development Manager",
         "LSCB Business Manager", "Head of Early Help", "Service Manager, Leaving Care", "Performance Manager"]
EXTRA_VALUES = {
    "Resources": ["Within existing resources", "£45k one-off funding agreed", "Existing budget", "2 x FTE (funded)",
                  "Within existing resources", "Invest to save bid", "c£120k recurrent"],
    "Key partners": ["Police, Health, Schools", "LSCB partners", "CCG", "Housing, DWP", "Schools and colleges",
                     "Police", "All partners", "Health"],
    "Success measure": ["90% of audits graded good or better", "Caseloads below 20", "100% within timescale",
                        "Reduction in re-referrals", "Audit evidence", "Quarterly scorecard", "Feedback from young people"],
    "Outcome": ["Children are safer", "Improved quality of plans", "Consistent practice", "Stable workforce",
                "Young people are well prepared for adulthood"],
}


# --------------------------------------------------------------------------- model


@dataclass
class Action:
    number: str | None           # as printed ("1.1", "a)") or None
    text: str                    # gold text
    paragraphs: list[str]        # printed paragraphs of the action cell (bullets carry their mark)
    lead: str | None
    deadline_text: str | None
    deadline: date | None
    rag: str | None              # gold colour
    rag_printed: str | None      # printed RAG text
    rag_fill: str | None = None  # hex shading when the colour is only shading
    extra: str | None = None
    cell_group: int = 0          # actions sharing one printed cell (list items) share this id
    page: int | None = None


@dataclass
class Recommendation:
    number: str | None           # as printed
    ref: str                     # gold ref
    text: str
    priority: str | None
    heading: str | None
    actions: list[Action] = field(default_factory=list)


@dataclass
class Plan:
    layout: str
    name: str
    council: Council
    printed_council: str
    title: str
    subtitle: str
    date_line: str
    inspection_line: str | None
    document_date: date
    inspection_date: date | None
    headers: dict[str, str]      # field -> printed header (ref, recommendation, action, lead, deadline, rag, extra)
    numbering: str               # "decimal", "R_alpha", "none", "rec_only"
    rag_style: str
    priority_style: str          # "rows" (group heading rows) or "prefix" ("Immediately: ...") or "none"
    recommendations: list[Recommendation]
    notes: list[str] = field(default_factory=list)

    @property
    def actions(self) -> list[Action]:
        return [a for r in self.recommendations for a in r.actions]

    def gold(self, source: str) -> dict:
        recs = [{"ref": r.ref, "text": r.text, "priority": r.priority, "heading": r.heading}
                for r in self.recommendations]
        acts = []
        for r in self.recommendations:
            for a in r.actions:
                rec = {"recommendation_ref": r.ref, "recommendation": r.text, "action": a.text, "lead": a.lead,
                       "deadline_text": a.deadline_text,
                       "deadline": a.deadline.isoformat() if a.deadline else None, "rag": a.rag}
                if a.page is not None:
                    rec["page"] = a.page
                acts.append(rec)
        return {
            "source": source,
            "authority": self.council.name,
            "doc_type": "improvement_plan" if "Improvement Plan" in self.title else "action_plan",  # gold rules
            "document_date": self.document_date.isoformat(),
            "layout": self.layout,
            "notes": " ".join(self.notes),
            "recommendations": recs,
            "actions": acts,
        }


HEADER_WORDS = {
    "ref": ["No.", "Ref", "No", "Ref."],
    "recommendation": ["Recommendation", "Ofsted Recommendation", "Area for Development", "Rec.",
                       "Area for improvement", "Ofsted recommendation / area for development"],
    "action": ["Action", "Actions", "Proposed Action", "Action to be taken", "What we will do", "Actions required"],
    "lead": ["Lead", "Lead person responsible", "Responsible Officers", "Lead officer", "Lead Officer(s)",
             "Responsible officer", "Who"],
    "deadline": ["Timescale", "When will we achieve this by?", "Target date", "By when", "Deadline", "Timescales",
                 "Completion date"],
    "rag": ["RAG Rating", "RAG", "Status", "Progress", "RAG status", "Rating"],
    "extra": ["Resources", "Key partners", "Success measure", "Outcome"],
}


NEUTRAL_TAILS = ["", "", " across all teams", " so that children receive help at the right time"]


def fill_template(rng: random.Random, template: str) -> str:
    text = template
    tails = TAILS if template.startswith("Ensure") else NEUTRAL_TAILS
    while "{" in text:
        text = text.replace("{tail}", rng.choice(tails), 1).replace("{purpose}", rng.choice(PURPOSES), 1)
        text = text.replace("{children}", rng.choice(CHILDREN), 1)
    return text


def _lead(rng: random.Random, style: str) -> str | None:
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if style == "name":
        return person if rng.random() < 0.8 else f"{person} / {rng.choice(FIRST)} {rng.choice(LAST)}"
    if style == "role":
        return rng.choice(ROLES) if rng.random() < 0.75 else " / ".join(rng.sample(ROLES, 2))
    return f"{person}, {rng.choice(ROLES)}"


def fold(text: str) -> str:
    return " ".join(text.split())


def make_plan(seed: int, index: int, layout: str, name: str) -> Plan:
    rng = random.Random(f"{seed}:{index}:{layout}")
    council = rng.choice(councils())
    printed = printed_council(rng, council)
    year = rng.randint(2012, 2019)
    inspection = date(year, rng.randint(1, 12), rng.randint(1, 28))
    document = inspection + timedelta(days=rng.randint(40, 200))
    states_inspection = rng.random() < 0.7
    base = inspection if states_inspection else document
    version = rng.randint(1, 15)
    date_line = rng.choice([
        f"Version {version} – last updated {long_date(document, rng)}",
        f"Last updated: {long_date(document, rng)}",
        f"Version {version}.{rng.randint(0, 9)}  Updated {document.strftime('%d/%m/%Y')}",
        f"Report to the Improvement Board, {long_date(document, rng)}",
    ])
    inspection_line = None
    if states_inspection:
        inspection_line = rng.choice([
            f"Ofsted inspection of services for children in need of help and protection, children looked after and care leavers: inspection date {long_date(inspection, rng)}",
            f"Ofsted inspection of safeguarding and looked after children services, {long_date(inspection, rng)}",
            f"Date of inspection: {inspection.strftime('%d/%m/%Y')}",
        ])
    title = rng.choice(["Post-Inspection Action Plan", "Ofsted Improvement Action Plan", "Children's Services Improvement Plan",
                        "Post-Ofsted Action Plan", "Safeguarding and Looked After Children Action Plan"])
    subtitle = rng.choice(["Appendix 1", "Appendix A", "Children's Services", "People Directorate", ""])

    headers = {k: rng.choice(v) for k, v in HEADER_WORDS.items()}
    if headers["rag"] == "Progress" and headers["extra"] == "Outcome":
        headers["extra"] = "Resources"
    numbering = rng.choice(["decimal", "decimal", "R_alpha", "none", "rec_only"])
    if layout in ("ruled_landscape", "scanned"):
        numbering = rng.choice(["decimal", "decimal", "R_alpha"])
    rag_style = rng.choice(["word", "word", "letter", "caps"])
    lead_style = rng.choice(["name", "role", "both"])
    priority_style = "rows" if layout in ("ruled_landscape", "scanned") else rng.choice(["rows", "prefix", "none"])

    n_recs = rng.randint(4, 8)
    topics = rng.sample(list(TOPICS), k=min(len(TOPICS), rng.randint(2, 4)))
    # contiguous theme blocks
    theme_of = sorted(rng.choices(range(len(topics)), k=n_recs))
    headings = {i: rng.choice(TOPICS[t]["heading"]) for i, t in enumerate(topics)}
    if rng.random() < 0.5:
        headings = {i: h.upper() for i, h in headings.items()}
    use_headings = layout in ("ruled_landscape", "scanned") or rng.random() < 0.5
    n_immediate = rng.randint(1, max(1, n_recs // 2))
    n_six = rng.choice([0, 0, 1])
    total_actions = rng.randint(max(8, n_recs), min(25, n_recs * 4))
    per_rec = [1] * n_recs
    for _ in range(total_actions - n_recs):
        i = rng.randrange(n_recs)
        if per_rec[i] < 5:
            per_rec[i] += 1

    used_rec: set[str] = set()
    used_act: set[str] = set()

    def pick_action(topic: dict[str, list[str]]) -> str:
        """An action template not yet used in this document: the topic's own first, then any topic's."""
        pool = [t for t in topic["act"] if t not in used_act] or [
            t for other in TOPICS.values() for t in other["act"] if t not in used_act]
        template = rng.choice(pool)
        used_act.add(template)
        return template
    recs: list[Recommendation] = []
    group = 0
    for i in range(n_recs):
        topic = TOPICS[topics[theme_of[i]]]
        for _ in range(20):
            template = rng.choice(topic["rec"])
            if template not in used_rec:
                break
        used_rec.add(template)
        text = fill_template(rng, template)
        text = text.rstrip(".") + rng.choice([".", ".", ""])
        priority = "immediate" if i < n_immediate else ("six_months" if i >= n_recs - n_six else "three_months")
        if priority_style == "none":
            priority = None
        number = {"decimal": str(i + 1), "R_alpha": f"R{i + 1}", "none": None, "rec_only": str(i + 1)}[numbering]
        rec = Recommendation(number, number or str(i + 1), text, priority,
                             headings[theme_of[i]] if use_headings else None)
        rec_lead = _lead(rng, lead_style)
        k = 0
        while k < per_rec[i]:
            act = fill_template(rng, pick_action(topic))
            lead = rec_lead if rng.random() < 0.6 else _lead(rng, lead_style)
            if rng.random() < 0.04:
                lead = None
            dl_text, dl = deadline(rng, base, document)
            rag = rag_choice(rng)
            group += 1
            anumber = None
            if numbering == "decimal":
                anumber = f"{i + 1}.{k + 1}"
            elif numbering == "R_alpha":
                anumber = f"{'abcdefgh'[k]})"
            bullets = rng.random() < 0.18
            if bullets and numbering in ("decimal", "R_alpha"):
                # a numbered action whose cell holds sub-bullets: one record
                subs = rng.sample(SUB_BULLETS, rng.randint(2, 3))
                intro = act.rstrip(".") + ", to include:"
                paras = [intro] + [f"• {s}" for s in subs]
                recs_here = [(fold(" ".join([intro] + subs)), paras)]
            elif bullets and per_rec[i] - k >= 2:
                # an unnumbered action cell that is a list: one record per item
                n_items = min(rng.randint(2, 3), per_rec[i] - k)
                items = [act] + [fill_template(rng, pick_action(topic)) for _ in range(n_items - 1)]
                recs_here = [(it, [f"• {it}"]) for it in items]
            else:
                recs_here = [(act, [act])]
            for j, (gold_text, paras) in enumerate(recs_here):
                rec.actions.append(Action(
                    number=anumber if j == 0 else None, text=fold(gold_text), paragraphs=paras if j == 0 else [],
                    lead=lead, deadline_text=dl_text, deadline=dl, rag=rag,
                    rag_printed=rag_text(rng, rag, rag_style),
                    extra=rng.choice(EXTRA_VALUES[headers["extra"]]) if rng.random() < 0.85 else None,
                    cell_group=group))
                # list items of one cell: the cell's paragraphs go on its first record
            if len(recs_here) > 1:
                rec.actions[-len(recs_here)].paragraphs = [p for _, ps in recs_here for p in ps]
            k += len(recs_here)
        recs.append(rec)

    # gold rag of mixed colours is the worse; printed text already chosen accordingly
    plan = Plan(layout=layout, name=name, council=council, printed_council=printed, title=title, subtitle=subtitle,
                date_line=date_line, inspection_line=inspection_line, document_date=document,
                inspection_date=inspection if states_inspection else None, headers=headers, numbering=numbering,
                rag_style=rag_style, priority_style=priority_style, recommendations=recs)
    plan.notes.append(
        "Generated by tests/plan_generator from the gold records themselves (not read back from the document)."
        f" Relative deadlines ('3 months', 'Immediately') are resolved from the stated "
        f"{'inspection date' if states_inspection else 'document date'} {base.isoformat()}."
        " Action texts are the printed cell with each paragraph's leading bullet mark dropped and the printed"
        " number ('1.2', 'a)') left out; an unnumbered cell holding a bulleted list is one record per item"
        " sharing that row's lead, deadline and RAG."
    )
    return plan


def cells_of(rec: Recommendation) -> list[list[Action]]:
    """Printed table rows of a recommendation: actions grouped by the cell that prints them."""
    rows: list[list[Action]] = []
    for a in rec.actions:
        if rows and rows[-1][0].cell_group == a.cell_group:
            rows[-1].append(a)
        else:
            rows.append([a])
    return rows


PRIORITY_LABEL = {"immediate": ["Immediately", "Immediate", "IMMEDIATELY"],
                  "three_months": ["Within three months", "Within 3 months", "WITHIN THREE MONTHS"],
                  "six_months": ["Within six months", "Within 6 months", "WITHIN SIX MONTHS"]}


def priority_label(rng: random.Random, priority: str) -> str:
    return rng.choice(PRIORITY_LABEL[priority])


def rec_printed_text(rec: Recommendation, plan: Plan, label: str | None) -> str:
    """Recommendation text as printed in its cell (prefix style puts the priority in front)."""
    if plan.priority_style == "prefix" and label:
        return f"{label}: {rec.text}"
    return rec.text


def page_of_texts(page_texts: list[str], plan: Plan) -> None:
    """Set each action's page: the first page, from the previous action's on, where its text begins."""
    norm = [re.sub(r"\s+", " ", t) for t in page_texts]
    current = 0
    for a in plan.actions:
        words = a.text.split()
        # a row may break after its first line, so shorter probes are tried when the longer fail
        for n in (6, 4, 3):
            probe = " ".join(words[:n])
            found = next((p for p in range(current, len(norm)) if probe in norm[p]), None)
            if found is not None:
                a.page = found + 1
                current = found
                break


def lengthen(action: Action, rng: random.Random) -> tuple[str, list[str]]:
    """Make a numbered action long enough to break across a page; returns the old (text, paragraphs)."""
    old = (action.text, action.paragraphs)
    intro = action.paragraphs[0].rstrip(":").removesuffix(", to include").rstrip(".") + ", including:"
    subs = rng.sample(LONG_BULLETS, rng.randint(7, 9))
    action.paragraphs = [intro] + [f"• {s}" for s in subs]
    action.text = fold(" ".join([intro] + subs))
    return old
