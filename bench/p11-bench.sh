#!/bin/sh
# ECDSA P-256 C_Sign per second through PKCS#11, all in one run, rounds interleaved so that load on a shared machine
# falls on every path alike:
#   softhsm-direct   the C loop on SoftHSM2's module
#   softhsm-p11kit   the C loop on p11-kit-client.so -> `p11-kit server` -> SoftHSM2 (the baseline)
#   citadel-p11kit   the C loop on p11-kit-client.so -> `citadel p11 serve --spe` -> the SPE's socket
#   citadel-inproc   the C loop on p11-kit-client.so -> `citadel p11 serve --device` (the SPE in that process,
#                    through the function-call door)
# Needs gcc, p11-kit, p11-kit-modules, opensc (pkcs11-tool), softhsm2 and libp11-kit-dev (Debian packages).
# usage: bench/p11-bench.sh [SECONDS-PER-ROUND [ROUNDS]]      (defaults 3 and 5)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-3}
rounds=${2:-5}
client=/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-client.so
softhsm=/usr/lib/softhsm/libsofthsm2.so
for f in "$client" "$softhsm" /usr/include/p11-kit-1/p11-kit/pkcs11.h; do
  [ -e "$f" ] || { echo "p11-bench: $f is missing (install p11-kit-modules, softhsm2, libp11-kit-dev)" >&2; exit 1; }
done
work=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

wait_for() { # FILE: wait until a server has written its ready line
  i=0
  until grep -q "$2" "$1" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 600 ] || { echo "p11-bench: no ready line in $1" >&2; cat "$1" >&2; exit 1; }
    sleep 0.1
  done
}

echo "p11-bench: building the C loop" >&2
gcc -O2 -std=c11 -I/usr/include/p11-kit-1 -o "$work/loop" "$root/bench/native/p11_sign_loop.c" -ldl

echo "p11-bench: SoftHSM2 token and its p11-kit server" >&2
mkdir -p "$work/softhsm"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/softhsm" \
  > "$work/softhsm2.conf"
export SOFTHSM2_CONF="$work/softhsm2.conf"
softhsm2-util --init-token --free --label bench --so-pin 12345678 --pin 1234 >/dev/null
p11-kit server -f --provider "$softhsm" -n "$work/softhsm.sock" "pkcs11:token=bench" > "$work/softhsm-server.out" 2>&1 &
pids="$pids $!"
wait_for "$work/softhsm-server.out" P11_KIT_SERVER_ADDRESS

echo "p11-bench: Citadel SPE and its PKCS#11 server" >&2
"$root/citadel" spe serve --device "$work/device" --socket "$work/spe.sock" > "$work/spe.out" 2> "$work/spe.err" &
pids="$pids $!"
wait_for "$work/spe.out" ready
"$root/citadel" p11 serve --socket "$work/citadel.sock" --spe "$work/spe.sock" > "$work/p11.out" 2> "$work/p11.err" &
pids="$pids $!"
wait_for "$work/p11.out" P11_KIT_SERVER_ADDRESS
"$root/citadel" p11 serve --socket "$work/inproc.sock" --device "$work/device2" > "$work/inproc.out" \
  2> "$work/inproc.err" &
pids="$pids $!"
wait_for "$work/inproc.out" P11_KIT_SERVER_ADDRESS
for sock in citadel inproc; do
  export P11_KIT_SERVER_ADDRESS="unix:path=$work/$sock.sock"
  pkcs11-tool --module "$client" --init-token --label bench --so-pin 12345678 >/dev/null
  pkcs11-tool --module "$client" --token-label bench --login --login-type so --so-pin 12345678 --init-pin \
    --pin 1234 >/dev/null
done

run() { # NAME MODULE ADDRESS
  P11_KIT_SERVER_ADDRESS="$3" "$work/loop" "$2" bench 1234 "$secs" 1 | sed "s/^/$1 /" | tee -a "$work/results"
}
# Warm-up, not counted: the JVMs of the SPE and of the p11 server compile their hot paths (SoftHSM2 needs none).
echo "p11-bench: warm-up ($secs s x 3, not counted)" >&2
for w in 1 2 3; do
  for sock in citadel inproc; do
    P11_KIT_SERVER_ADDRESS="unix:path=$work/$sock.sock" "$work/loop" "$client" bench 1234 "$secs" 1 >/dev/null
  done
done
for r in $(seq "$rounds"); do
  echo "p11-bench: round $r of $rounds" >&2
  run softhsm-direct "$softhsm" ""
  run softhsm-p11kit "$client" "unix:path=$work/softhsm.sock"
  run citadel-p11kit "$client" "unix:path=$work/citadel.sock"
  run citadel-inproc "$client" "unix:path=$work/inproc.sock"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "medians of $rounds rounds of $secs s (C_SignInit + C_Sign, ECDSA P-256, 32-byte hash; round trip = C_GetSessionInfo)"
base=$(grep '^softhsm-p11kit ' "$work/results" | sed 's/.*sign_per_s=\([0-9]*\).*/\1/' | median)
for n in softhsm-direct softhsm-p11kit citadel-p11kit citadel-inproc; do
  s=$(grep "^$n " "$work/results" | sed 's/.*sign_per_s=\([0-9]*\).*/\1/' | median)
  t=$(grep "^$n " "$work/results" | sed 's/.*roundtrip_per_s=\([0-9]*\).*/\1/' | median)
  printf '%-16s sign %8s/s  (%.2fx softhsm-p11kit)   round trip %8s/s\n' "$n" "$s" "$(echo "$s $base" | awk '{print $1/$2}')" "$t"
done
