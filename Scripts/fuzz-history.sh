#!/usr/bin/env bash
# Builds and runs the history fuzzer (Fuzz/README.md). Usage: Scripts/fuzz-history.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out=.build-fuzz
mkdir -p "$out/corpus" fuzz-artifacts
store=Sources/CaseAuditCore/Store
files=("$store/JSONParser.swift" "$store/CanonicalJSON.swift" "$store/SHA256.swift" "$store/HistoryEntry.swift"
       "$store/HistoryLines.swift" "$store/HistoryChain.swift" Sources/CaseAuditCore/Diagnostics/Diagnostic.swift Sources/CaseAuditCore/Diagnostics/ExitStatus.swift)
swiftc -O -module-name CaseAuditFuzz "${files[@]}" Fuzz/MakeSeeds.swift -o "$out/make-seeds"
"$out/make-seeds" "$out/corpus"
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name CaseAuditFuzz \
    "${files[@]}" Fuzz/FuzzHistory.swift -o "$out/fuzz-history"
"$out/fuzz-history" -max_total_time="$seconds" -max_len=4096 -artifact_prefix=fuzz-artifacts/ "$out/corpus"
