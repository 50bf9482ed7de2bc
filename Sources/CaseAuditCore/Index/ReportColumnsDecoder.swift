import Foundation

extension IndexCacheImage {
    /// The report columns of every entry, in file-name order, straight from the cache's bytes:
    /// one pass of integer reads, decoding only the strings a report shows (teams, auditors,
    /// section ids) and the template ids, each once. Also the template versions `sectionsFor`
    /// did not know, with how many audits use each. Nil when the bytes are damaged (every index
    /// is checked, as `forEachEntry` does for facts).
    /// Needs `stringStarts` (an image decoded with `strings: false`). Keeps the grades of `counting`.
    func reportColumns(sectionsFor: (TemplateRef) -> [String]?, counting: [String])
        -> (columns: ReportColumns, unknown: [TemplateRef: Int])? {
        let stringCount = stringStarts.count - 1
        guard stringCount >= 0 else { return nil }
        let n = UInt32(stringCount)
        let starts = stringStarts
        let gradeCodes = UInt8(AuditIndexCodes.grades.count)
        let entryCount = self.entryCount
        let entriesStart = self.entriesStart
        return bytes.withUnsafeBytes { raw -> (columns: ReportColumns, unknown: [TemplateRef: Int])? in
            func string(_ i: UInt32) -> String {
                String(decoding: UnsafeRawBufferPointer(rebasing: raw[starts[Int(i)]..<(starts[Int(i) + 1] - 4)]), as: UTF8.self)
            }
            func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            func u16(_ at: Int) -> Int { Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self))) }

            var columns = ReportColumns(counting: counting)
            columns.reserve(entryCount)
            let width = columns.countedSections.count
            var matrix = [UInt8](repeating: 255, count: entryCount * width)
            var b = ReportColumns.Builder()
            // String index to team, auditor and section number; -1 until first met.
            var teamOf = [Int32](repeating: -1, count: stringCount)
            var auditorOf = [Int32](repeating: -1, count: stringCount)
            var sectionOf = [Int32](repeating: -1, count: stringCount)
            // Template version (string index << 32 | version) to its section list, -1 unknown.
            var listOf: [UInt64: Int32] = [:]
            var unknown: [TemplateRef: Int] = [:]
            var lastRef = UInt64.max, lastList: Int32 = -1
            // String index to the counted section's place in a grade row: -2 until first met,
            // -1 for a section not counted.
            var slotOf = [Int32](repeating: -2, count: stringCount)
            var p = entriesStart
            for k in 0..<entryCount {
                guard p + 48 <= raw.count else { return nil }
                let id = u32(p), tid = u32(p + 4), version = Int32(bitPattern: u32(p + 8))
                let status = raw[p + 12], origin = raw[p + 13], cohort = raw[p + 14]
                let month = Int32(bitPattern: u32(p + 16))
                let caseRef = u32(p + 28), team = u32(p + 32), auditor = u32(p + 36), worker = u32(p + 40)
                let gradeCount = u16(p + 44), keyCount = u16(p + 46)
                let gradesAt = p + 48, keysAt = gradesAt + 5 * gradeCount
                let next = keysAt + 4 * keyCount
                guard id < n, tid < n, caseRef < n, team < n, auditor < n, worker < n,
                      Int(origin) < AuditIndexCodes.origins.count, next <= raw.count else { return nil }
                for i in 0..<keyCount where u32(keysAt + 4 * i) >= n { return nil }

                let refKey = UInt64(tid) << 32 | UInt64(UInt32(bitPattern: version))
                if refKey != lastRef {
                    if let known = listOf[refKey] {
                        lastList = known
                    } else {
                        let ref = TemplateRef(id: string(tid), version: Int(version))
                        lastList = sectionsFor(ref).map { b.sectionList($0) } ?? -1
                        listOf[refKey] = lastList
                    }
                    lastRef = refKey
                }
                var list = lastList
                if list < 0 {
                    // An unknown template version: the audit's own section keys.
                    unknown[TemplateRef(id: string(tid), version: Int(version)), default: 0] += 1
                    var numbers: [Int32] = []
                    numbers.reserveCapacity(keyCount)
                    for i in 0..<keyCount {
                        let s = u32(keysAt + 4 * i)
                        if sectionOf[Int(s)] < 0 { sectionOf[Int(s)] = b.section(string(s)) }
                        numbers.append(sectionOf[Int(s)])
                    }
                    list = b.sectionList(numbers)
                }

                // Straight into the audit's grade row: a section graded twice keeps its last grade.
                let row = k * width
                for i in 0..<gradeCount {
                    let s = u32(gradesAt + 5 * i), g = raw[gradesAt + 5 * i + 4]
                    guard s < n, g < gradeCodes else { return nil }
                    var slot = slotOf[Int(s)]
                    if slot == -2 {
                        slot = Int32(columns.countedSections.firstIndex(of: string(s)) ?? -1)
                        slotOf[Int(s)] = slot
                    }
                    if slot >= 0 { matrix[row + Int(slot)] = g }
                }

                if teamOf[Int(team)] < 0 { teamOf[Int(team)] = b.team(string(team)) }
                if auditorOf[Int(auditor)] < 0 { auditorOf[Int(auditor)] = b.auditor(string(auditor)) }
                columns.append(complete: status == 1, month: month >= 0 ? month : -1,
                               cohort: Int(cohort) < AuditIndexCodes.cohorts.count ? cohort : 255,
                               team: teamOf[Int(team)], auditor: auditorOf[Int(auditor)], sections: list)
                p = next
            }
            guard p == raw.count else { return nil }
            b.finish(into: &columns)
            columns.gradeMatrix = matrix
            return (columns, unknown)
        }
    }
}

