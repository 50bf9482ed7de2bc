#!/usr/bin/env bash
# Runs the libFuzzer targets in Fuzz/ (docs/fuzzing.md).
#
#   Scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 60); TARGETs among: template audit import measures history
# (default all; `history` is the Reliability team's target, built and run by
# Scripts/fuzz-history.sh). Crashes, hangs and out-of-memory inputs go to fuzz-artifacts/TARGET/; the
# exit status is 1 when any target found one, 2 when the build fails.
#
# Why not `swift build --sanitize fuzzer`: SwiftPM would link every executable of the package
# against libFuzzer's main(). Instead this compiles Yams (its Swift and its C libyaml)
# and CaseAuditCore straight from the sources with swiftc/clang, instrumented for coverage and
# AddressSanitizer, into .build-fuzz/, then links each target file against them.
set -uo pipefail
cd "$(dirname "$0")/.."

SECS=${1:-60}
shift || true
ALL=(template audit import measures history)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")

OUT=.build-fuzz
OBJ=$OUT/obj
BIN=$OUT/bin
mkdir -p "$OBJ" "$BIN" fuzz-artifacts

source_of() {
    case "$1" in
        template) echo Fuzz/TemplateParserFuzz.swift ;;
        audit) echo Fuzz/AuditDecodeFuzz.swift ;;
        import) echo Fuzz/ImportFuzz.swift ;;
        measures) echo Fuzz/MeasuresFileFuzz.swift ;;
        history) echo Fuzz/FuzzHistory.swift ;;
        *) return 1 ;;
    esac
}
for t in "${TARGETS[@]}"; do
    source_of "$t" >/dev/null || { echo "fuzz.sh: unknown target $t (targets: ${ALL[*]})" >&2; exit 64; }
done

die() { echo "fuzz.sh: $*" >&2; exit 2; }

# The package's own checkout of Yams, in a scratch path of its own.
swift package --scratch-path "$OUT" resolve >/dev/null || die "swift package resolve failed"
YAMS=$OUT/checkouts/Yams/Sources
[ -d "$YAMS" ] || die "Yams sources not found under $OUT/checkouts"

SAN=(-sanitize=fuzzer,address)
SWIFTFLAGS=(-O -g -parse-as-library -DSWIFT_PACKAGE -I "$OBJ" -I "$YAMS/CYaml/include" -Xcc -DYAML_DECLARE_STATIC)

# Rebuilds $1 (an object) from the files after it when any of them is newer.
stale() {
    local target=$1; shift
    [ -f "$target" ] || return 0
    for f in "$@"; do [ "$f" -nt "$target" ] && return 0; done
    return 1
}

# One instrumented object and module per library.
swift_module() {
    local name=$1 version=$2; shift 2
    if stale "$OBJ/$name.o" "$@" Scripts/fuzz.sh; then
        echo "fuzz.sh: compiling $name"
        swiftc "${SAN[@]}" "${SWIFTFLAGS[@]}" -swift-version "$version" -module-name "$name" -wmo \
            -enable-testing -emit-module -emit-module-path "$OBJ/$name.swiftmodule" \
            -c "$@" -o "$OBJ/$name.o" || die "compiling $name failed"
        touch "$OBJ/$name.o"   # swiftc leaves an unchanged object's time as it was
    fi
}

CYAML_OBJS=()
for c in "$YAMS"/CYaml/src/*.c; do
    o=$OBJ/cyaml-$(basename "$c" .c).o
    CYAML_OBJS+=("$o")
    if stale "$o" "$c" Scripts/fuzz.sh; then
        clang -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -DHAVE_CONFIG_H \
            -I "$YAMS/CYaml/include" -c "$c" -o "$o" || die "compiling $c failed"
    fi
done
swift_module Yams 5 "$YAMS"/Yams/*.swift
mapfile -t CORE < <(find Sources/CaseAuditCore -name '*.swift' | sort)
swift_module CaseAuditCore 6 "${CORE[@]}"

LIBS=("$OBJ/CaseAuditCore.o" "$OBJ/Yams.o" "${CYAML_OBJS[@]}")
for t in "${TARGETS[@]}"; do
    [ "$t" = history ] && continue   # built by its own script
    src=$(source_of "$t")
    if stale "$BIN/fuzz-$t" "$src" Fuzz/Support/*.swift "${LIBS[@]}"; then
        echo "fuzz.sh: linking fuzz-$t"
        swiftc "${SAN[@]}" "${SWIFTFLAGS[@]}" -swift-version 6 -module-name "Fuzz_$t" \
            "$src" Fuzz/Support/*.swift "${LIBS[@]}" -o "$BIN/fuzz-$t" 2> "$BIN/fuzz-$t.link.log" \
            || { cat "$BIN/fuzz-$t.link.log" >&2; die "linking fuzz-$t failed"; }
    fi
done

# The Swift runtime's own crash reporter waits on the dying process and can hang under ASan;
# libFuzzer and ASan report crashes themselves.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1:handle_sigill=1:handle_sigtrap=1}

failed=()
for t in "${TARGETS[@]}"; do
    if [ "$t" = history ]; then
        echo "fuzz.sh: fuzzing history for ${SECS}s (Scripts/fuzz-history.sh)"
        Scripts/fuzz-history.sh "$SECS" > "$OUT/fuzz-history.log" 2>&1
        status=$?
        grep -E '^#[0-9]+.*(DONE|INITED)|ERROR|Fatal error|Test unit written' "$OUT/fuzz-history.log"
        [ "$status" -ne 0 ] && failed+=("$t")
        continue
    fi
    work=$OUT/corpora/$t    # grows across runs; the seeds in Fuzz/corpus stay as committed
    mkdir -p "$work" "fuzz-artifacts/$t"
    dict=()
    [ -f "Fuzz/dict/$t.dict" ] && dict=(-dict="Fuzz/dict/$t.dict")
    echo "fuzz.sh: fuzzing $t for ${SECS}s"
    "$BIN/fuzz-$t" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="fuzz-artifacts/$t/" "${dict[@]}" \
        "$work" "Fuzz/corpus/$t" 2>&1 | tee "$OUT/fuzz-$t.log" | grep -E '^#[0-9]+.*(DONE|INITED)|^stat::|ERROR|==ERROR|Fatal error|fuzz invariant|artifact_prefix|Test unit written'
    status=${PIPESTATUS[0]}
    [ "$status" -ne 0 ] && failed+=("$t")
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: crashes or hangs in: ${failed[*]} (inputs in fuzz-artifacts/, logs in $OUT/fuzz-TARGET.log)" >&2
    exit 1
fi
echo "fuzz.sh: no crashes"
