import Foundation

extension IndexCacheImage {
    /// The report columns of every entry, in file-name order, straight from the cache's bytes:
    /// one pass of integer reads, decoding only the strings a report shows (teams, auditors,
    /// section ids) and the template ids, each once. Also the template versions `sectionsFor`
    /// did not know, with how many audits use each. Nil when the bytes are damaged (every index
    /// is checked, as `forEachEntry` does for facts).
    /// Needs `stringStarts` (an image decoded with `strings: false`).
    func reportColumns(sectionsFor: (TemplateRef) -> [String]?) -> (columns: ReportColumns, unknown: [TemplateRef: Int])? {
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

            var columns = ReportColumns()
            columns.reserve(entryCount)
            var b = ReportColumns.Builder()
            // String index to team, auditor and section number; -1 until first met.
            var teamOf = [Int32](repeating: -1, count: stringCount)
            var auditorOf = [Int32](repeating: -1, count: stringCount)
            var sectionOf = [Int32](repeating: -1, count: stringCount)
            // Template version (string index << 32 | version) to its section list, -1 unknown.
            var listOf: [UInt64: Int32] = [:]
            var unknown: [TemplateRef: Int] = [:]
            var lastRef = UInt64.max, lastList: Int32 = -1
            // Grade lists by their bytes, in an open-addressed table at most half full: equal
            // bytes are equal grades, so each distinct list is decoded once. The table holds
            // 16 bytes a slot and grows with the lists met, and each list's bytes are copied to
            // `listBytes`: probing the whole 20 MB file at random missed the cache every entry.
            var table = [GradeSlot](repeating: GradeSlot(), count: 4096)
            var listHash: [UInt64] = [], listStart: [Int] = [], listBytes: [UInt8] = []
            var p = entriesStart
            for _ in 0..<entryCount {
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

                let length = 5 * gradeCount
                let hash = IndexCacheFile.hashGrades(raw, at: gradesAt, length: length, seed: UInt64(length))
                var mask = table.count - 1
                var slot = Int(truncatingIfNeeded: hash) & mask
                var grades: Int32 = -1
                while table[slot].list >= 0 {
                    let l = Int(table[slot].list)
                    if table[slot].hash == hash, listStart[l + 1] - listStart[l] == length,
                       listBytes.withUnsafeBytes({ memcmp($0.baseAddress! + listStart[l], raw.baseAddress! + gradesAt, length) }) == 0 {
                        grades = Int32(l)
                        break
                    }
                    slot = (slot + 1) & mask
                }
                if grades < 0 {
                    var pairs: [(section: Int32, grade: UInt8)] = []
                    pairs.reserveCapacity(gradeCount)
                    for i in 0..<gradeCount {
                        let s = u32(gradesAt + 5 * i), g = raw[gradesAt + 5 * i + 4]
                        guard s < n, g < gradeCodes else { return nil }
                        if sectionOf[Int(s)] < 0 { sectionOf[Int(s)] = b.section(string(s)) }
                        pairs.append((sectionOf[Int(s)], g))
                    }
                    grades = b.gradeList(pairs)
                    if listStart.isEmpty { listStart.append(0) }
                    listHash.append(hash)
                    listBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[gradesAt..<(gradesAt + length)]))
                    listStart.append(listBytes.count)
                    table[slot] = GradeSlot(hash: hash, list: grades)
                    if 2 * listHash.count > table.count {
                        table = [GradeSlot](repeating: GradeSlot(), count: table.count * 2)
                        mask = table.count - 1
                        for (l, h) in listHash.enumerated() {
                            var s = Int(truncatingIfNeeded: h) & mask
                            while table[s].list >= 0 { s = (s + 1) & mask }
                            table[s] = GradeSlot(hash: h, list: Int32(l))
                        }
                    }
                }

                if teamOf[Int(team)] < 0 { teamOf[Int(team)] = b.team(string(team)) }
                if auditorOf[Int(auditor)] < 0 { auditorOf[Int(auditor)] = b.auditor(string(auditor)) }
                columns.append(complete: status == 1, month: month >= 0 ? month : -1,
                               cohort: Int(cohort) < AuditIndexCodes.cohorts.count ? cohort : 255,
                               team: teamOf[Int(team)], auditor: auditorOf[Int(auditor)], sections: list, grades: grades)
                p = next
            }
            guard p == raw.count else { return nil }
            b.finish(into: &columns)
            return (columns, unknown)
        }
    }
}

private struct GradeSlot {
    var hash: UInt64 = 0
    var list: Int32 = -1
}
