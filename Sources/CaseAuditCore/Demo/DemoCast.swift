/// The invented council the demo fills: teams, their managers (the auditors) and workers, the
/// cohorts they hold and the templates they audit with. Every name is made up.
struct DemoTeam: Sendable {
    var name: String
    var cohorts: [Cohort]
    /// Template id and how often it is used; missing templates are skipped.
    var templates: [(String, Double)]
    var auditors: [String]
    var workers: [String]
    /// Added to the chance of a good-or-better grade: some teams are stronger than others.
    var strength: Double
    /// How many audits this team does compared with the others.
    var share: Double
}

enum DemoCast {
    static let teams: [DemoTeam] = [
        DemoTeam(name: "Northgate Assessment", cohorts: [.childInNeed, .childProtection],
                 templates: [("child-journey", 8), ("plan-smart", 1), ("supervision-file", 1)],
                 auditors: ["Casey Thistledown", "Robin Quillfeather"],
                 workers: ["Jordan Willowmere", "Ash Penhallowick", "Kit Marrowby", "Lee Sandergast", "Ellis Brackwater"],
                 strength: 0.0, share: 1.2),
        DemoTeam(name: "Riverside CIN", cohorts: [.childInNeed],
                 templates: [("child-journey", 8), ("plan-smart", 1.5), ("supervision-file", 1)],
                 auditors: ["Drew Fennimore-Vale"],
                 workers: ["Sam Fernhollow", "Nico Tumbledown", "Harper Oxenbridge", "Rowan Gildersleeve"],
                 strength: 0.04, share: 1.0),
        DemoTeam(name: "Eastbrook Child Protection", cohorts: [.childProtection],
                 templates: [("child-journey", 8), ("plan-smart", 1.5), ("supervision-file", 1)],
                 auditors: ["Riley Oakhearth"],
                 workers: ["Quinn Harrowgate", "Blair Mossfield", "Reese Candlewick", "Skye Wrenthorpe"],
                 strength: -0.05, share: 1.0),
        DemoTeam(name: "Hillcrest LAC", cohorts: [.lookedAfter],
                 templates: [("child-journey-lac", 8), ("contact-arrangements", 2), ("plan-smart", 1), ("supervision-file", 1)],
                 auditors: ["Taylor Brookmantle", "Jesse Amberlight"],
                 workers: ["Alex Larkspire", "Frankie Dovecote", "Morgan Pebbleton", "Sasha Tillingham", "Avery Coldharbour"],
                 strength: 0.0, share: 1.2),
        DemoTeam(name: "Meadowbank Permanence", cohorts: [.lookedAfter, .careLeaver],
                 templates: [("child-journey-lac", 8), ("contact-arrangements", 1), ("supervision-file", 1)],
                 auditors: ["Parker Lindenbrook"],
                 workers: ["Emery Foxglove", "Dale Winterbourne", "Charlie Mistlethwaite"],
                 strength: 0.03, share: 0.8),
        DemoTeam(name: "Harbour Front Door", cohorts: [.earlyHelp, .childInNeed],
                 templates: [("front-door-contact", 9), ("supervision-file", 1)],
                 auditors: ["Sidney Hawthornedale"],
                 workers: ["Marley Ravensworth", "Jody Peppercombe", "Remy Starlingford"],
                 strength: 0.05, share: 0.8),
    ]

    static let moderators = ["Morgan Heathcombe", "Jamie Larkspire"]

    static let notes: [Answer: [String]] = [
        .partly: ["Recorded, but not updated since the last review.",
                  "Partly evidenced; the detail is in case notes rather than the record.",
                  "Done for the older child only.",
                  "Started but not finished within timescale."],
        .no: ["No evidence on the file.",
              "Not recorded; the worker says it was discussed but nothing is written down.",
              "Last recorded more than three months ago.",
              "Actions read \"ongoing\" with no timescale."],
    ]

    /// Notes for the impact question ("What difference has the work made for the child?").
    static let impactNotes: [Answer: [String]] = [
        .yes: ["School attendance up from 70% to 95% since the plan began.",
               "The child now sleeps through and says they feel safe at home.",
               "Settled in placement for a year; the child says they want to stay.",
               "Family time is now weekly and the child looks forward to it."],
        .partly: ["Some progress: fewer missed health appointments, but school is still a worry.",
                  "The parents engage more, but the home conditions have not changed yet."],
        .no: ["No difference yet: the same concerns as at the last audit.",
              "Drift: the plan has not moved on since the last review."],
        .na: ["Too early to tell: the case was allocated this month."],
    ]

    /// Notes for a Yes to the escalation question, and who it went to.
    static let escalationNotes = ["A new injury recorded at the last visit without a strategy discussion.",
                                  "A missing episode last week with no return home interview or plan."]
    static let escalatedTo = ["Team manager, the same day", "Service manager, the same day"]

    static let rationales: [Grade: [String]] = [
        .outstanding: ["Consistently strong, child-focused practice with clear analysis and impact.",
                       "Exemplary: the child's voice drives the work and progress is evident."],
        .good: ["Evidence is clear and current; the child's needs are at the centre.",
                "Sound practice with minor gaps that do not affect the child's outcomes."],
        .requiresImprovement: ["Some good work, but gaps in recording and analysis weaken it.",
                               "Generic in places; timescales and outcomes are not always clear."],
        .inadequate: ["Significant gaps: the record does not show what is happening for the child.",
                      "Drift and delay; actions are vague and not followed through."],
        .na: ["Not applicable to this case."],
    ]

    static let actions: [String: String] = [
        "chronology": "Bring the chronology up to date and add significant events",
        "assessment": "Update the assessment with analysis of risks and protective factors",
        "plan": "Rewrite the plan with SMART actions and clear timescales",
        "visits": "Record the child's wishes and feelings at every visit",
        "voice": "Use a direct work tool to capture the child's views",
        "core-group": "Hold core group within 10 working days and circulate minutes",
        "supervision": "Book monthly reflective supervision and record decisions",
        "contact": "Complete an assessed contact agreement and review it",
        "permanence": "Agree a permanence plan before the second review",
        "front-door": "Record the manager's decision and consent on the contact",
    ]

    static let smartActions = [
        "Parents to attend the parenting programme weekly until it ends in March",
        "Social worker to visit fortnightly and see the child alone",
        "School to share attendance figures at each core group",
        "Health visitor to complete a developmental check within 4 weeks",
        "Ongoing support from family",
        "To be reviewed at core group",
    ]

    static let texts = ["See case note of the last visit.", "Discussed in supervision.", "Recorded on the child's file."]

    static let workerFeedback = ["Useful to have a second view on the plan.", "Fair; I agree the chronology needs work.",
                                 "Helpful discussion about the child's voice.", "Felt rushed, but the actions are clear."]
    static let familyFeedback = ["Mum said she knows what is expected of her now.", "Dad felt listened to.",
                                 "Carer said contact arrangements are clearer.", "Young person said their worker visits regularly."]
}
