import XCTest
@testable import CaseAuditCore

/// Facts decoded from the index cache share their grades and sections (`AuditFacts.shape`);
/// counting through the shapes must give what counting each audit's own fields gives.
final class FactsShapeTests: XCTestCase {
    let sections: [String: [String]] = [
        "child-journey@1": ["assessment", "plan", "supervision"],
        "plan-smart@1": ["plan"],
    ]

    /// 6,000 invented audits through the cache file and back, decoded on every core.
    func decodedFacts() throws -> [AuditFacts] {
        var cache = IndexCache()
        let cohorts: [Cohort?] = [.lookedAfter, .childInNeed, nil, .childProtection]
        for i in 0..<6000 {
            var a = ScannedAudit()
            a.id = String(format: "2018-%02d-%08x", i % 12 + 1, i)
            a.template = TemplateRef(id: ["child-journey", "plan-smart", "retired"][i % 3], version: 1)
            a.status = i % 7 == 0 ? .draft : .complete
            a.month = i % 50 == 0 ? nil : Month(year: 2018, month: i % 12 + 1)
            a.cohort = cohorts[i % 4]
            a.team = i % 11 == 0 ? "" : "Team \(i % 5)"
            a.auditor = "Auditor \(i % 3)"
            a.grades = [.init(section: "plan", grade: Grade.allCases[i % 5])]
            if i % 4 != 0 { a.grades.append(.init(section: "assessment", grade: Grade.allCases[(i / 5) % 5])) }
            a.sectionKeys = ["plan", "assessment"]
            cache.listing.offsets.append(cache.listing.names.count)
            cache.listing.names += Array("\(a.id).json".utf8) + [0]
            cache.listing.keys.append(FileKey(size: UInt64(i), mtimeSec: 1, mtimeNsec: 2, ctimeSec: 3, ctimeNsec: 4, inode: UInt64(i)))
            cache.entryOf.append(UInt32(i))
            cache.entries.append(a)
        }
        let image = try XCTUnwrap(IndexCacheFile.decode(IndexCacheFile.encode(cache)))
        let table = sections
        let facts = try XCTUnwrap(image.facts(sectionsFor: { table[$0.key] })).facts
        XCTAssertEqual(facts, cache.entries.map { AuditIndex.makeFacts($0, sections: table[$0.template.key] ?? $0.sectionKeys) })
        return facts
    }

    /// The same facts with no shapes: changing a shaped field drops the shape.
    func unshaped(_ facts: [AuditFacts]) -> [AuditFacts] {
        facts.map { f in
            var f = f
            f.grades = f.grades
            XCTAssertNil(f.shape)
            return f
        }
    }

    func testShapesAreSharedAndHoldTheFieldsTheyStandFor() throws {
        let facts = try decodedFacts()
        XCTAssertEqual(facts.filter { $0.shape == nil }, [])
        // Audits of an unknown template version take their sections from the file: no sharing.
        let known = facts.filter { $0.template.id != "retired" }
        let shapes = Set(known.compactMap { $0.shape.map(ObjectIdentifier.init) })
        // Two templates x 5 plan grades x 6 assessment grades (or none), shared across cores.
        XCTAssertLessThanOrEqual(shapes.count, 60, "4,000 audits with 60 grade patterns share shapes")
        XCTAssertGreaterThan(shapes.count, 10)
        for f in facts {
            XCTAssertEqual(f.shape?.grades, f.grades)
            XCTAssertEqual(f.shape?.sections, f.templateSections)
        }
    }

    func testCountingThroughShapesEqualsCountingEachAudit() throws {
        let facts = try decodedFacts()
        let plain = unshaped(facts)
        let measures = [
            Measure(id: "lac-plan", title: "LAC plans", section: "plan", cohorts: [.lookedAfter], baseline: 40, target: 70),
            Measure(id: "plan", title: "Plans", section: "plan"),
            Measure(id: "assessment", title: "Assessments", section: "assessment", cohorts: [.childInNeed, .childProtection]),
            Measure(id: "supervision", title: "Supervision", section: "supervision"),
        ]
        for by in Grouping.allCases {
            for (from, to) in [(nil, nil), (Month("2018-03"), Month("2018-09")), (nil, Month("2018-01"))] as [(Month?, Month?)] {
                let shaped = Aggregator.measureRows(measures: measures, facts: facts, by: by, from: from, to: to)
                XCTAssertEqual(shaped, Aggregator.measureRows(measures: measures, facts: plain, by: by, from: from, to: to), "\(by)")
                XCTAssertFalse(shaped.isEmpty)
            }
        }
        // A mix of shaped and unshaped facts counts the same as well.
        let mixed = facts.indices.map { $0 % 2 == 0 ? facts[$0] : plain[$0] }
        XCTAssertEqual(Aggregator.measureRows(measures: measures, facts: mixed, by: .month, from: nil, to: nil),
                       Aggregator.measureRows(measures: measures, facts: plain, by: .month, from: nil, to: nil))
    }

    func testAChangedGradeIsCountedNotTheSharedShape() throws {
        var facts = try decodedFacts().filter { $0.isComplete && $0.templateSections.contains("plan") && $0.month != nil }
        let plan = [Measure(id: "plan", title: "Plans", section: "plan")]
        let before = Aggregator.measureRows(measures: plan, facts: facts, by: .year, from: nil, to: nil)
        for k in facts.indices { facts[k].grades["plan"] = .outstanding }
        let after = Aggregator.measureRows(measures: plan, facts: facts, by: .year, from: nil, to: nil)
        XCTAssertLessThan(before.map(\.goodOrBetter).reduce(0, +), after.map(\.goodOrBetter).reduce(0, +))
        XCTAssertEqual(after.map(\.goodOrBetter), after.map(\.audits))
    }
}
