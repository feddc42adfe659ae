#!/usr/bin/env bash
# Coverage-guided fuzzing of one platform parser with AFL++ and SharpFuzz (bench/Omniops.Actors.Fuzz).
#
#   scripts/fuzz.sh <generic|whatsapp|shopify> [seconds]      (default 300 seconds)
#
#   1. installs what a fresh machine lacks: afl-fuzz (Debian's afl++, as root) and the sharpfuzz instrumenter
#      (SharpFuzz.CommandLine, a dotnet tool, into artifacts/fuzz/tools);
#   2. publishes the harness and instruments the code under test with sharpfuzz: the webhook adapters
#      (Omniops.Actors.Client.Channels), the content rules (Omniops.Actors.GrainInterfaces.Channels, .Catalogue) and
#      the JSON parser they all stand on: System.Text.Json, which ships inside the shared framework precompiled
#      (ReadyToRun, which sharpfuzz cannot rewrite), so the harness runs on a private copy of the installed runtime
#      (artifacts/fuzz/dotnet-<version>, made once) whose System.Text.Json is the IL-only assembly of the same
#      version's NuGet package, instrumented; FUZZ_INSTRUMENT_JSON=0 fuzzes on the installed runtime instead;
#   3. seeds the corpus from the webhook test fixtures (tests/Omniops.Actors.Tests/Channels/Fixtures; the generic
#      channel has none there, so its seeds are bench/Omniops.Actors.Fuzz/seeds/generic); a Shopify input is the
#      X-Shopify-Topic value, a newline and the body;
#   4. runs afl-fuzz for the given time with the target's dictionary, then prints AFL's statistics, replays every
#      crash through the harness (printing its exception), minimises each with afl-tmin (a hang is kept as it is), and prints the findings dir.
#
# A crash is any exception other than the documented rejections (the ones the adapter answers with 400); a hang is an
# input that takes longer than the timeout (FUZZ_TIMEOUT_MS, default 5000 ms). Everything lives in
# artifacts/fuzz/<target>-<UTC time>/ (bin, seeds, findings, minimised); a finding becomes a regular test in
# tests/Omniops.Actors.Tests/Fuzz/FuzzFindingsTests.cs. Exit code: 0 without findings, 1 with. One target at a time:
# two publishes of the harness at once would share its obj folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() { echo "usage: scripts/fuzz.sh <generic|whatsapp|shopify> [seconds]" >&2; exit 2; }
log() { printf '==> %s\n' "$*" >&2; }

target=${1:-}
seconds=${2:-300}
case "$target" in generic|whatsapp|shopify) ;; *) usage ;; esac
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || usage

if ! command -v afl-fuzz >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { echo "missing: afl-fuzz (apt-get install afl++, or run as root)" >&2; exit 2; }
    log "installing afl++"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi

tools=$root/artifacts/fuzz/tools
sharpfuzz=$(command -v sharpfuzz || true)
if [ -z "$sharpfuzz" ]; then
    sharpfuzz=$tools/sharpfuzz
    if [ ! -x "$sharpfuzz" ]; then
        log "installing SharpFuzz.CommandLine 2.3.0 into $tools"
        dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
    fi
fi

run=$root/artifacts/fuzz/$target-$(date -u +%Y%m%dT%H%M%SZ)
bin=$run/bin
seeds=$run/seeds
findings=$run/findings
mkdir -p "$seeds"

log "publishing the harness into $bin"
dotnet publish bench/Omniops.Actors.Fuzz -c Release -o "$bin" -v quiet -nologo >/dev/null
# Instrumented code must run under AFL only; crashes are replayed on an uninstrumented copy with the installed runtime.
cp -a "$bin" "$run/plain"

log "instrumenting with sharpfuzz"
"$sharpfuzz" "$bin/Omniops.Actors.Client.dll" Omniops.Actors.Client.Channels
"$sharpfuzz" "$bin/Omniops.Actors.GrainInterfaces.dll" Omniops.Actors.GrainInterfaces.Channels Omniops.Actors.GrainInterfaces.Catalogue

dotnet=$(readlink -f "$(command -v dotnet)")
fuzz_dotnet=$dotnet
if [ "${FUZZ_INSTRUMENT_JSON:-1}" = 1 ]; then
    installed=$(dirname "$dotnet")
    version=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ { v = $2 } END { print v }')
    private=$root/artifacts/fuzz/dotnet-$version
    if [ ! -e "$private/.instrumented" ]; then
        log "a private runtime $version with an instrumented System.Text.Json in $private"
        rm -rf "$private" && mkdir -p "$private/shared"
        cp -a "$installed/dotnet" "$installed/host" "$private/"
        cp -a "$installed/shared/Microsoft.NETCore.App" "$installed/shared/Microsoft.AspNetCore.App" "$private/shared/"
        restore=$(mktemp -d)
        printf '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework><NoWarn>NU1510</NoWarn></PropertyGroup><ItemGroup><PackageReference Include="System.Text.Json" Version="%s" /></ItemGroup></Project>\n' \
            "$version" > "$restore/json.csproj"
        dotnet restore "$restore/json.csproj" --packages "$restore/packages" -v quiet >/dev/null
        cp "$restore/packages/system.text.json/$version/lib/net10.0/System.Text.Json.dll" "$private/shared/Microsoft.NETCore.App/$version/"
        rm -rf "$restore"
        "$sharpfuzz" "$private/shared/Microsoft.NETCore.App/$version/System.Text.Json.dll" System.Text.Json
        touch "$private/.instrumented"
    fi
    # SharpFuzz's out-of-process server starts its child with the same dotnet host.
    export DOTNET_ROOT=$private PATH=$private:$PATH
    fuzz_dotnet=$private/dotnet
fi

fixtures=tests/Omniops.Actors.Tests/Channels/Fixtures
case "$target" in
    generic)
        cp bench/Omniops.Actors.Fuzz/seeds/generic/*.json "$seeds/" ;;
    whatsapp)
        cp "$fixtures"/whatsapp-*.json "$seeds/" ;;
    shopify)
        seed() { { printf '%s\n' "$1"; cat "$fixtures/$2"; } > "$seeds/${1//\//-}.txt"; }
        seed orders/create shopify-orders-create.json
        seed orders/updated shopify-orders-updated.json
        seed refunds/create shopify-refunds-create.json
        seed products/create shopify-products-create.json
        seed products/update shopify-products-create.json
        seed customers/data_request shopify-customers-data-request.json
        seed customers/redact shopify-customers-redact.json
        seed shop/redact shopify-shop-redact.json ;;
esac

harness=("$fuzz_dotnet" "$bin/Omniops.Actors.Fuzz.dll")
# SharpFuzz's harness is a .NET program, not an AFL-compiled binary (AFL_SKIP_BIN_CHECK); a loaded machine needs
# time to start the runtime (AFL_FORKSRV_INIT_TMOUT); a shared machine has no core to spare for pinning.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_FORKSRV_INIT_TMOUT=${AFL_FORKSRV_INIT_TMOUT:-60000}
log "afl-fuzz on $target for $seconds s"
afl-fuzz -V "$seconds" -t "${FUZZ_TIMEOUT_MS:-5000}" -m none -x "bench/Omniops.Actors.Fuzz/dictionaries/$target.dict" \
    -i "$seeds" -o "$findings" -- "${harness[@]}" fuzz "$target" > "$run/afl.log" 2>&1 || {
    tail -40 "$run/afl.log" >&2
    echo "afl-fuzz failed; its log: $run/afl.log" >&2
    exit 1
}

stats=$findings/default/fuzzer_stats
stat() { sed -n "s/^$1 *: //p" "$stats"; }
echo "target: $target"
echo "run time: $(stat run_time) s, execs: $(stat execs_done) ($(stat execs_per_sec)/s), corpus: $(stat corpus_count), coverage: $(stat bitmap_cvg), edges found: $(stat edges_found)"
echo "crashes: $(stat saved_crashes), hangs: $(stat saved_hangs)"

found=0
for kind in crashes hangs; do
    mkdir -p "$run/minimised/$kind"
    for input in "$findings/default/$kind"/id:*; do
        [ -e "$input" ] || continue
        found=1
        name=$(basename "$input" | cut -d, -f1)
        if [ "$kind" = hangs ]; then cp "$input" "$run/minimised/hangs/$name"; continue; fi
        env -u DOTNET_ROOT "$dotnet" "$run/plain/Omniops.Actors.Fuzz.dll" replay "$target" "$input" || true
        afl-tmin -t "${FUZZ_TIMEOUT_MS:-5000}" -m none -i "$input" -o "$run/minimised/crashes/$name" \
            -- "${harness[@]}" fuzz "$target" >/dev/null 2>&1 || cp "$input" "$run/minimised/crashes/$name"
    done
done

echo "findings: $findings/default (minimised: $run/minimised)"
exit $found
