"""The demo council's measures: what UK councils really report (Dorset's People and Health
exception report, and the scorecard areas of Dorset's and Bassetlaw's performance frameworks), by
directorate and service.

Each line: name | unit | polarity (+ higher, - lower, 0 none, r within a range) | frequency
(w weekly, m, q, h six-monthly, a) | typical level | decimals | perspective (O, C, H, F) | kind
(k kpi, c contextual, p place) | level (s, v, o)

ADDED holds the measures of the kinds added later (weekly, six-monthly, place, published late):
they follow the others, so the figures of the measures above stay as they were.
"""

DIRECTORATES = {
    "People - Adults and Housing": {
        "Adult Care": (
            "Strong healthy communities",
            "People and Health",
            """
Total number of adult social care service users|No.|-|m|4300|0|O|k|s
Percentage of overall packages which are joint funded|%|+|m|4.5|2|F|k|v
Total number of hospital discharges|No.|0|m|420|0|O|c|v
Reablement effectiveness in delaying and reducing the need for care (%)|%|+|m|78|2|O|k|s
Percentage of services that are residential or nursing|%|-|m|27.1|2|O|k|v
Percentage of adults with learning disability in paid employment|%|+|m|4.2|2|O|k|s
Care Act assessments completed within 28 days|%|+|m|71|1|C|k|v
Carers receiving a needs assessment or review|No.|+|q|950|0|C|k|o
""",
        ),
        "Housing": (
            "Suitable housing",
            "People and Health",
            """
New homelessness approaches (completed applications)|No.|-|m|265|0|O|k|s
Households accommodated in B&B on the last day of the month|No.|-|m|95|0|O|k|s
Number of affordable homes delivered|No.|+|q|70|0|O|k|s
Homelessness prevented or relieved (%)|%|+|m|58|1|O|k|v
Average days to process a housing register application|days|-|m|24|1|C|k|v
Households on the housing register|No.|0|m|5200|0|O|c|o
Disabled facilities grants completed|No.|+|q|85|0|O|k|o
""",
        ),
        "Community Safety": (
            "Staying safe and well",
            "People and Health",
            """
Anti-social behaviour recordings (environmental, nuisance, personal)|No.|-|m|640|0|O|k|v
Reported domestic abuse incidents|No.|0|m|210|0|O|c|v
Reported domestic abuse with evidence of physical and coercive violence|No.|0|m|195|0|O|c|o
Repeat referrals to MARAC within 12 months (%)|%|-|q|28|1|O|k|v
CCTV incidents responded to within 5 minutes (%)|%|+|m|91|1|C|k|o
""",
        ),
        "Adult Commissioning": (
            "Strong healthy communities",
            "People and Health",
            """
Care homes rated good or outstanding by CQC (%)|%|+|q|82|1|C|k|s
Domiciliary care hours commissioned per week|hours|0|m|21500|0|O|c|o
People waiting for a domiciliary care package|No.|-|m|135|0|C|k|v
Direct payment recipients (% of community service users)|%|+|m|24|1|C|k|v
Spend on adult care packages against budget (%)|%|-|m|101|1|F|k|v
""",
        ),
    },
    "People - Children's": {
        "Care & Protection": (
            "Staying safe and well",
            "People and Health",
            """
Rates of children in care per 10,000|No.|-|m|64|2|O|k|s
Rates of children in need per 10,000 (including CP and CIC)|No.|-|m|350|2|O|k|s
Rate of children with a child protection plan per 10,000|No.|-|m|44|2|O|k|s
Number of active foster carers (including connected persons)|No.|+|m|208|0|O|k|s
Re-referrals to children's social care within 12 months (%)|%|-|m|19|1|O|k|v
Child protection plans lasting two years or more (%)|%|-|q|3.5|1|O|k|v
Social worker caseload (average)|No.|-|m|17|1|H|k|o
Children seen within 5 working days of referral (%)|%|+|m|86|1|C|k|o
""",
        ),
        "Commissioning, Quality & Partnerships": (
            "Staying safe and well",
            "People and Health",
            """
Percentage of looked after children placed outside the council area|%|-|m|38|2|O|k|s
Children in care with three or more placements in the year (%)|%|-|q|9|1|O|k|v
Care leavers in suitable accommodation (%)|%|+|q|88|1|O|k|v
Care leavers in education, employment or training (%)|%|+|q|55|1|O|k|v
Average weekly cost of external residential placements|£|-|m|5200|0|F|k|v
""",
        ),
        "Education & Learning": (
            "Economic growth",
            "People and Health",
            """
EHC plans issued within 20 weeks (%)|%|+|m|55|1|C|k|s
Pupils attending a good or outstanding school (%)|%|+|a|86|1|O|k|s
Persistent absence in secondary schools (%)|%|-|a|24|1|O|k|v
Young people not in education, employment or training (%)|%|-|m|3.1|1|O|k|v
Children receiving their first choice primary school (%)|%|+|a|93|1|C|k|v
Home to school transport spend against budget (%)|%|-|q|106|1|F|k|v
Number of children electively home educated|No.|0|m|1150|0|O|c|o
""",
        ),
        "Early Help": (
            "Strong healthy communities",
            "People and Health",
            """
Families supported by early help services|No.|+|m|1450|0|O|k|v
Early help assessments completed within 45 days (%)|%|+|m|82|1|C|k|v
Families stepped up to social care within 6 months (%)|%|-|q|11|1|O|k|o
Children's centre registrations (under 5s reached, %)|%|+|q|79|1|C|k|o
Youth service contacts|No.|+|m|2300|0|C|k|o
""",
        ),
    },
    "Place": {
        "Waste Services": (
            "Unique environment",
            "Place and Resources",
            """
Household waste sent for reuse, recycling and composting (%)|%|+|m|58|1|O|k|s
Residual household waste per household (kg)|kg|-|m|38|1|O|k|s
Missed bin collections per 100,000|No.|-|m|42|1|C|k|v
Fly-tipping incidents reported|No.|0|m|310|0|O|c|v
Fly-tipping incidents cleared within 5 working days (%)|%|+|m|90|1|C|k|o
Household recycling centre visitor satisfaction (%)|%|+|q|93|1|C|k|o
""",
        ),
        "Highways": (
            "Unique environment",
            "Place and Resources",
            """
Principal roads where maintenance should be considered (%)|%|-|a|4|1|O|k|s
Non-principal roads where maintenance should be considered (%)|%|-|a|6|1|O|k|v
Category 1 defects repaired within 24 hours (%)|%|+|m|94|1|O|k|v
Potholes repaired|No.|0|m|2100|0|O|c|o
Streetlights repaired within 10 working days (%)|%|+|m|88|1|C|k|o
Highways insurance claims received|No.|-|q|120|0|F|k|o
""",
        ),
        "Planning": (
            "Economic growth",
            "Place and Resources",
            """
Major planning applications decided within 13 weeks (%)|%|+|q|82|1|C|k|s
Minor planning applications decided within 8 weeks (%)|%|+|q|76|1|C|k|s
Other planning applications decided within 8 weeks (%)|%|+|q|84|1|C|k|v
Planning appeals allowed (%)|%|-|q|28|1|O|k|v
Land charges searches completed within 10 days (%)|%|+|m|90|1|C|k|o
Building control applications validated within 5 days (%)|%|+|m|87|1|C|k|o
""",
        ),
        "Economic Growth": (
            "Economic growth",
            "Place and Resources",
            """
Claimant count (% of working-age population)|%|-|m|2.9|1|O|c|s
Business rate base (hereditaments)|No.|+|q|21500|0|F|c|v
New business start-ups supported|No.|+|q|65|0|O|k|v
Jobs created or safeguarded through council support|No.|+|q|140|0|O|k|v
Superfast broadband coverage (% of premises)|%|+|q|96|1|O|k|s
Town centre vacancy rate (%)|%|-|q|11|1|O|c|o
""",
        ),
        "Environment & Wellbeing": (
            "Unique environment",
            "Place and Resources",
            """
Council carbon emissions (tonnes CO2e)|tonnes|-|a|21000|0|O|k|s
Food premises rated 4 or 5 for hygiene (%)|%|+|q|93|1|O|k|v
Noise complaints responded to within 3 days (%)|%|+|m|89|1|C|k|o
Rights of way network easy to use (%)|%|+|a|72|1|C|k|o
Trees planted on council land|No.|+|q|3100|0|O|k|v
""",
        ),
        "Libraries & Culture": (
            "Strong healthy communities",
            "Place and Resources",
            """
Library visits (physical)|No.|+|m|118000|0|C|k|v
Library e-loans|No.|+|m|56000|0|C|k|o
Active library members|No.|+|q|72000|0|C|k|o
Leisure centre visits|No.|+|m|210000|0|C|k|v
Museum and heritage site visitors|No.|+|q|48000|0|C|k|o
""",
        ),
        "Transport": (
            "Economic growth",
            "Place and Resources",
            """
Bus services running on time (%)|%|+|m|84|1|C|k|v
Concessionary bus journeys|No.|0|m|410000|0|O|c|o
Car park income against budget (%)|%|+|m|97|1|F|k|v
Road casualties killed or seriously injured|No.|-|q|98|0|O|k|s
""",
        ),
    },
    "Corporate Development": {
        "Finance & Commercial": (
            "Responsive and efficient council",
            "Place and Resources",
            """
Forecast revenue outturn variance (% of net budget)|%|-|m|1.2|2|F|k|s
Capital programme delivered against profile (%)|%|+|q|71|1|F|k|s
Invoices paid within 30 days (%)|%|+|m|94|1|F|k|v
Savings delivered against plan (%)|%|+|q|86|1|F|k|s
General fund reserves (£m)|£m|+|q|34|1|F|c|o
Spend with local suppliers (%)|%|+|q|42|1|F|k|o
""",
        ),
        "Revenues & Benefits": (
            "Responsive and efficient council",
            "Place and Resources",
            """
Council tax collected in year (cumulative %)|%|+|m|57|2|F|k|s
Business rates collected in year (cumulative %)|%|+|m|56|2|F|k|s
Average days to process new housing benefit claims|days|-|m|19|1|C|k|v
Average days to process benefit change events|days|-|m|8|1|C|k|v
Council tax support caseload|No.|0|m|23500|0|O|c|o
""",
        ),
        "HR & OD": (
            "Responsive and efficient council",
            "Audit and Governance",
            """
Average working days lost to sickness per FTE (rolling 12 months)|days|-|m|9.8|1|H|k|s
Staff turnover (rolling 12 months, %)|%|r|m|11.2|1|H|k|s
Vacancy rate (%)|%|-|m|8.5|1|H|k|v
Mandatory training completed (%)|%|+|m|86|1|H|k|v
Agency staff spend (£k)|£k|-|m|820|0|F|k|v
Employee engagement index (%)|%|+|a|67|1|H|k|s
Apprenticeship starts|No.|+|q|38|0|H|k|o
""",
        ),
        "Customer Services": (
            "Responsive and efficient council",
            "Place and Resources",
            """
Calls answered by the customer contact centre (%)|%|+|m|86|1|C|k|s
Average call waiting time (seconds)|seconds|-|m|165|0|C|k|v
Complaints responded to within 20 working days (%)|%|+|m|82|1|C|k|s
Customer satisfaction with contact (%)|%|+|m|84|1|C|k|v
Online transactions (% of all transactions)|%|+|m|63|1|C|k|v
Ombudsman complaints upheld|No.|-|q|7|0|C|k|o
""",
        ),
        "ICT & Digital": (
            "Responsive and efficient council",
            "Audit and Governance",
            """
ICT service desk calls resolved at first contact (%)|%|+|m|72|1|O|k|v
Critical system availability (%)|%|+|m|99.6|2|O|k|s
Cyber security phishing simulation click rate (%)|%|-|q|6|1|O|k|o
Website availability (%)|%|+|m|99.8|2|C|k|o
Digital skills sessions delivered to staff|No.|+|q|140|0|H|k|o
""",
        ),
        "Legal & Democratic": (
            "Responsive and efficient council",
            "Audit and Governance",
            """
Freedom of information requests answered within 20 days (%)|%|+|m|88|1|C|k|s
Subject access requests answered within one month (%)|%|+|m|79|1|C|k|v
Internal audit recommendations implemented on time (%)|%|+|q|74|1|O|k|s
Data breaches reported to the ICO|No.|-|q|2|0|O|k|o
""",
        ),
    },
}

# Each added line joins the end of its service's measures (its id numbers follow theirs).
ADDED = {
    ("Corporate Development", "Customer Services"): """
Calls answered within 60 seconds, weekly (%)|%|+|w|78|1|C|k|v
""",
    ("Place", "Environment & Wellbeing"): """
Per capita CO2 emissions in the area (tonnes)|tonnes|-|a|5.1|2|O|k|s
Residents satisfied with their local area as a place to live (%)|%|+|h|81|1|C|p|s
""",
}

PERSPECTIVES = {"O": "Operational", "C": "Customer", "H": "HR", "F": "Finance"}
POLARITIES = {
    "+": "higher_is_better",
    "-": "lower_is_better",
    "0": "none",
    "r": "within_range",
}
FREQUENCIES = {"w": "weekly", "m": "monthly", "q": "quarterly", "h": "six_monthly", "a": "annual"}
KINDS = {"k": "kpi", "c": "contextual", "p": "place"}
LEVELS = {"s": "strategic", "v": "service", "o": "operational"}
OFFICERS = ("Head of Service", "Service Manager", "Corporate Director", "Team Leader")
