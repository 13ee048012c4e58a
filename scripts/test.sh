#!/usr/bin/env bash
# scripts/test.sh runs every check sfconnect has, the same way here and in CI (.ci/run calls it):
#
#   1. installs the Debian packages postgresql, mariadb-server, libxml2-utils and openssl when missing;
#   2. starts a throwaway PostgreSQL and a throwaway MariaDB on loopback ports, in temporary
#      directories, creates sfconnect_test in both and loads testdata/sql/<engine>/*.sql (sorted);
#   3. with SFCONNECT_TEST_POSTGRES_URL and SFCONNECT_TEST_MYSQL_URL exported, runs the gofmt check,
#      go vet, staticcheck, go test and every fuzz target briefly;
#   4. always stops both servers and removes the temporary directories.
#
# Options:
#   --no-db       do not install or start databases (tests needing them skip with a message)
#   --quick       skip the fuzz targets
#   --race        run go test with -race (off by default: on 2 cores it multiplies the run time
#                 and the demo package alone can exceed go test's 10-minute limit)
#   --fuzztime D  time per fuzz target (default 10s)
#   --pkg P       check only package pattern P (repeatable, e.g. --pkg ./sources/...); default ./...
#   --fail-fast   stop at the first failing check (default: run every check, then fail
#                 listing the failed ones)
#   --exec CMD    start the databases, run CMD (bash -c) with their URLs exported instead of
#                 the checks, then stop them (e.g. --exec 'go test -v -run Introspect ./sources/mysql')
#   -h, --help    this text
#
# Environment: SFCONNECT_TEST_PG_PORT / SFCONNECT_TEST_MYSQL_PORT pick the first port to try
# (defaults 55432 and 53306; the next free port is used when taken).
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }

no_db=0 quick=0 race=0 fuzztime=10s pkgs=() exec_cmd='' fail_fast=0
while [ $# -gt 0 ]; do
	case "$1" in
	--no-db) no_db=1 ;;
	--quick) quick=1 ;;
	--race) race=1 ;;
	--fuzztime) fuzztime="${2:?--fuzztime needs a duration}"; shift ;;
	--fuzztime=*) fuzztime="${1#*=}" ;;
	--pkg) pkgs+=("${2:?--pkg needs a package pattern}"); shift ;;
	--pkg=*) pkgs+=("${1#*=}") ;;
	--fail-fast) fail_fast=1 ;;
	--exec) exec_cmd="${2:?--exec needs a command}"; shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "test.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
[ ${#pkgs[@]} -gt 0 ] || pkgs=(./...)

cd "$(dirname "$0")/.."
script_start=$(date +%s)

# --- output helpers ---------------------------------------------------------------------------

say() { printf '\n==> %s\n' "$*"; }
die() {
	printf '\n*** test.sh: %s\n' "$*" >&2
	exit 1
}
timings=() current_step='' step_start=0
# step NAME CMD...: runs CMD and records its duration. CMD runs in this shell (so it can set
# variables) under set -e; a failure exits the script and the EXIT trap names the step.
step() {
	current_step=$1
	shift
	say "$current_step"
	step_start=$(date +%s)
	"$@"
	local took=$(($(date +%s) - step_start))
	timings+=("$(printf '%6ss  %s' "$took" "$current_step")")
	printf '<== %s: ok (%ss)\n' "$current_step" "$took"
	current_step=''
}
# check NAME CMD...: a check step. Unless --fail-fast, a failing check is recorded and the
# next one runs; the script fails at the end naming every failed check. (Check functions
# return their status explicitly: set -e does not apply inside a tested command.)
failed_checks=()
check() {
	[ "$fail_fast" -eq 0 ] || { step "$@"; return; }
	local name=$1 start rc=0
	shift
	say "$name"
	start=$(date +%s)
	if "$@"; then :; else rc=$?; fi
	local took=$(($(date +%s) - start))
	if [ "$rc" -eq 0 ]; then
		timings+=("$(printf '%6ss  %s' "$took" "$name")")
		printf '<== %s: ok (%ss)\n' "$name" "$took"
	else
		timings+=("$(printf '%6ss  %s  FAILED' "$took" "$name")")
		failed_checks+=("$name")
		printf '\n*** %s FAILED (exit %s, after %ss); continuing with the next check\n' "$name" "$rc" "$took" >&2
	fi
}

print_timings() {
	[ ${#timings[@]} -gt 0 ] || return 0
	printf '\nStep timings:\n'
	printf '  %s\n' "${timings[@]}"
	printf '  %6ss  total\n' "$(($(date +%s) - script_start))"
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null; then
		sudo "$@"
	else
		echo "need root or sudo to run: $*" >&2
		return 1
	fi
}

# --- cleanup: always runs ---------------------------------------------------------------------

pg_dir='' my_dir='' my_pid='' pg_started=0 policy_rc_added=0
cleanup() {
	local rc=$?
	set +e
	if [ -n "$my_pid" ] && kill -0 "$my_pid" 2>/dev/null; then
		kill -TERM "$my_pid" 2>/dev/null
		for _ in $(seq 1 100); do kill -0 "$my_pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$my_pid" 2>/dev/null
		wait "$my_pid" 2>/dev/null
	fi
	if [ "$pg_started" -eq 1 ]; then
		run_as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1
	fi
	[ -n "$pg_dir" ] && rm -rf "$pg_dir"
	[ -n "$my_dir" ] && rm -rf "$my_dir"
	[ "$policy_rc_added" -eq 1 ] && as_root rm -f /usr/sbin/policy-rc.d
	if [ -n "$current_step" ]; then
		timings+=("$(printf '%6ss  %s  FAILED' "$(($(date +%s) - step_start))" "$current_step")")
	fi
	print_timings
	if [ "$rc" -eq 0 ]; then
		printf '\nAll checks passed.\n'
	elif [ -n "$current_step" ]; then
		printf '\n*** test.sh FAILED in step \"%s\" (exit %s); see the messages above.\n' "$current_step" "$rc" >&2
	else
		printf '\n*** test.sh FAILED (exit %s); see the messages above.\n' "$rc" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ------------------------------------------------------------------------------------

# CI may run without HOME; go needs it for its caches and GOPATH.
[ -n "${HOME:-}" ] || export HOME="$(getent passwd "$(id -un)" | cut -d: -f6)"
export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || die "go is not on PATH (install Go 1.26; /usr/local/go/bin is searched too)"
export PATH="$PATH:$(go env GOPATH)/bin"

# free_port N: the first port from N up that nothing on 127.0.0.1 listens on.
# port_taken PORT: something listens there, or (when ss is installed) a socket holds it as its
# local port: a client socket in TIME_WAIT with PORT as its ephemeral port blocks a server's bind.
port_taken() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
	command -v ss >/dev/null && [ -n "$(ss -Htan "sport = :$1" 2>/dev/null)" ] && return 0
	return 1
}

free_port() {
	local p=$1
	while port_taken "$p"; do
		p=$((p + 1))
		[ "$p" -lt $(($1 + 100)) ] || { echo "no free port near $1" >&2; return 1; }
	done
	echo "$p"
}

# --- packages ---------------------------------------------------------------------------------

pg_bin_dir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$d" ] && [ -x "$d/initdb" ]; then
		echo "$d"
	elif command -v initdb >/dev/null; then
		dirname "$(command -v initdb)"
	fi
}
mariadbd_bin() {
	local b
	for b in mariadbd mysqld /usr/sbin/mariadbd /usr/sbin/mysqld; do
		command -v "$b" 2>/dev/null && return 0
	done
	return 1
}
install_db() {
	local b
	for b in mariadb-install-db mysql_install_db; do
		command -v "$b" 2>/dev/null && return 0
	done
	return 1
}

install_packages() {
	local missing=()
	[ -n "$(pg_bin_dir)" ] && command -v psql >/dev/null || missing+=(postgresql)
	mariadbd_bin >/dev/null && install_db >/dev/null || missing+=(mariadb-server)
	command -v xmllint >/dev/null || missing+=(libxml2-utils)
	command -v openssl >/dev/null || missing+=(openssl)
	if [ ${#missing[@]} -eq 0 ]; then
		echo "already installed: postgresql, mariadb-server, libxml2-utils, openssl"
		return 0
	fi
	command -v apt-get >/dev/null || { echo "missing ${missing[*]} and no apt-get: install them, or use --no-db" >&2; return 1; }
	echo "installing: ${missing[*]}"
	# Keep the packages from starting their system-wide services: the tests use their own
	# throwaway instances.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
		as_root chmod 755 /usr/sbin/policy-rc.d
		policy_rc_added=1
	fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
	if [ "$policy_rc_added" -eq 1 ]; then
		as_root rm -f /usr/sbin/policy-rc.d
		policy_rc_added=0
	fi
}

# sql_files ENGINE: testdata/sql/ENGINE/*.sql in byte order of their names (none if absent).
sql_files() {
	local d=testdata/sql/$1
	[ -d "$d" ] || return 0
	find "$d" -maxdepth 1 -name '*.sql' | LC_ALL=C sort
}

# self_signed_cert DIR: DIR/server.key (0600) and DIR/server.crt (0644), a two-day self-signed
# certificate for 127.0.0.1 (the loopback servers' TLS; clients verify against the certificate).
self_signed_cert() {
	openssl req -new -x509 -days 2 -nodes -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
		-keyout "$1/server.key" -out "$1/server.crt" >"$1/openssl.log" 2>&1 ||
		{ cat "$1/openssl.log" >&2; return 1; }
	chmod 600 "$1/server.key"
	chmod 644 "$1/server.crt"
}

# --- PostgreSQL -------------------------------------------------------------------------------

pg_bin='' pg_port=''
# run_as_pg CMD...: initdb refuses to run as root, so root runs the server as postgres.
# It runs from the data's parent directory, which postgres can always read.
run_as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd "$pg_dir" && runuser -u postgres -- "$@")
	else
		(cd "$pg_dir" && "$@")
	fi
}
pg_psql() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }

start_postgres() {
	pg_bin=$(pg_bin_dir)
	[ -n "$pg_bin" ] || { echo "PostgreSQL binaries not found" >&2; return 1; }
	pg_port=$(free_port "${SFCONNECT_TEST_PG_PORT:-55432}")
	pg_dir=$(mktemp -d /tmp/sfconnect-pg.XXXXXX)
	[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pg_dir"
	echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') in $pg_dir on 127.0.0.1:$pg_port"
	run_as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$pg_dir/initdb.log" 2>&1 ||
		{ cat "$pg_dir/initdb.log" >&2; return 1; }
	# TLS is tested against the real server: sslmode=verify-full with this certificate as the root.
	self_signed_cert "$pg_dir/data" || return 1
	[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pg_dir/data/server.key" "$pg_dir/data/server.crt"
	cp "$pg_dir/data/server.crt" "$pg_dir/root.crt"
	if ! run_as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c ssl=on" \
		start >/dev/null; then
		echo "--- PostgreSQL server log:" >&2
		cat "$pg_dir/server.log" >&2
		return 1
	fi
	pg_started=1
	pg_psql -d postgres -c 'CREATE DATABASE sfconnect_test'
	local f
	for f in $(sql_files postgres); do
		echo "loading $f"
		pg_psql -d sfconnect_test -f "$f" >/dev/null || { echo "loading $f into PostgreSQL failed" >&2; return 1; }
	done
	export SFCONNECT_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/sfconnect_test?sslmode=disable"
	echo "SFCONNECT_TEST_POSTGRES_URL=$SFCONNECT_TEST_POSTGRES_URL"
	export SFCONNECT_TEST_POSTGRES_TLS_URL="postgres://postgres@127.0.0.1:$pg_port/sfconnect_test?sslmode=verify-full&sslrootcert=$pg_dir/root.crt"
	echo "SFCONNECT_TEST_POSTGRES_TLS_URL=$SFCONNECT_TEST_POSTGRES_TLS_URL"
}

# --- MariaDB ----------------------------------------------------------------------------------

my_port=''
my_client() {
	local c
	c=$(command -v mariadb || command -v mysql) || { echo "mariadb client not found" >&2; return 1; }
	"$c" --no-defaults --default-character-set=utf8mb4 "$@"
}
my_sock() { my_client -uroot --socket="$my_dir/mysqld.sock" "$@"; }

start_mariadb() {
	local server installer user_args=()
	server=$(mariadbd_bin) || { echo "mariadbd not found" >&2; return 1; }
	installer=$(install_db) || { echo "mariadb-install-db not found" >&2; return 1; }
	my_port=$(free_port "${SFCONNECT_TEST_MYSQL_PORT:-53306}")
	my_dir=$(mktemp -d /tmp/sfconnect-mysql.XXXXXX)
	if [ "$(id -u)" -eq 0 ]; then
		chown mysql:mysql "$my_dir"
		user_args=(--user=mysql)
	fi
	echo "$("$server" --version | awk '{print $3}') in $my_dir on 127.0.0.1:$my_port"
	"$installer" --no-defaults "${user_args[@]}" --datadir="$my_dir/data" --auth-root-authentication-method=normal \
		--skip-test-db >"$my_dir/install.log" 2>&1 || { cat "$my_dir/install.log" >&2; return 1; }
	self_signed_cert "$my_dir" || return 1
	[ "$(id -u)" -ne 0 ] || chown mysql:mysql "$my_dir/server.key" "$my_dir/server.crt"
	"$server" --no-defaults "${user_args[@]}" --datadir="$my_dir/data" --socket="$my_dir/mysqld.sock" \
		--pid-file="$my_dir/mysqld.pid" --port="$my_port" --bind-address=127.0.0.1 --skip-name-resolve \
		--log-error="$my_dir/server.log" --skip-log-bin --innodb-flush-log-at-trx-commit=0 \
		--ssl-cert="$my_dir/server.crt" --ssl-key="$my_dir/server.key" \
		--innodb-buffer-pool-size=128M --character-set-server=utf8mb4 >"$my_dir/stderr.log" 2>&1 &
	my_pid=$!
	local i ready=0
	for i in $(seq 1 300); do
		kill -0 "$my_pid" 2>/dev/null || break
		if my_sock -e 'SELECT 1' >/dev/null 2>&1; then ready=1; break; fi
		sleep 0.2
	done
	if [ "$ready" -eq 0 ]; then
		echo "MariaDB did not become ready within 60s (or exited); its log:" >&2
		cat "$my_dir/stderr.log" "$my_dir/server.log" >&2
		return 1
	fi
	# The test database sorts and compares strings by code point (NO PAD), like the
	# PostgreSQL cluster (locale C) and SQLite, so the e2e corpus has one answer; tests of the
	# case-insensitive collations real databases use declare them on their tables.
	# root over TCP without a password: the install creates root@localhost; with
	# --skip-name-resolve a TCP client from 127.0.0.1 needs its own account.
	my_sock -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
		GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
		CREATE DATABASE sfconnect_test CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;"
	local f
	for f in $(sql_files mysql); do
		echo "loading $f"
		my_client -uroot -h127.0.0.1 -P"$my_port" sfconnect_test <"$f" || { echo "loading $f into MariaDB failed" >&2; return 1; }
	done
	export SFCONNECT_TEST_MYSQL_URL="mysql://root@127.0.0.1:$my_port/sfconnect_test"
	echo "SFCONNECT_TEST_MYSQL_URL=$SFCONNECT_TEST_MYSQL_URL"
	export SFCONNECT_TEST_MYSQL_TLS_URL="mysql://root@127.0.0.1:$my_port/sfconnect_test?tls=true&ssl-ca=$my_dir/server.crt"
	echo "SFCONNECT_TEST_MYSQL_TLS_URL=$SFCONNECT_TEST_MYSQL_TLS_URL"
}

# --- Go checks --------------------------------------------------------------------------------

# go_files lists the .go files of the selected packages (with their testdata).
go_files() {
	local p dir
	for p in "${pkgs[@]}"; do
		dir=${p%/...}
		if [ "$dir" != "$p" ]; then
			find "$dir" -name '*.go' -not -path '*/.git/*'
		else
			find "$dir" -maxdepth 1 -name '*.go'
		fi
	done
}

check_gofmt() {
	local unformatted
	unformatted=$(gofmt -l $(go_files)) || { echo "gofmt could not read every file (syntax error?)" >&2; return 1; }
	if [ -n "$unformatted" ]; then
		echo "gofmt -l lists files that are not gofmt-formatted (run gofmt -w on them):" >&2
		printf '  %s\n' $unformatted >&2
		return 1
	fi
}

staticcheck_run() {
	if ! command -v staticcheck >/dev/null; then
		echo "installing staticcheck"
		go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 || return 1
	fi
	staticcheck "${pkgs[@]}"
}

go_test() {
	local flags=(-count=1)
	[ "$race" -eq 0 ] || flags+=(-race)
	go test "${flags[@]}" "${pkgs[@]}"
}

# fuzz_all runs every Fuzz function of every package for $fuzztime each, so new targets are
# picked up without editing this script. A crasher is written under the package's testdata/fuzz.
#
# Go 1.26's fuzz coordinator can report "context deadline exceeded" at the end of -fuzztime
# without any failing input (golang/go#75804, fixed in Go 1.27): such a run is reported and
# ignored; a run that writes a reproducer, or fails any other way, fails the step.
fuzz_all() {
	local file dir name n=0 out rc before after
	while IFS=: read -r file name; do
		dir=$(dirname "$file")
		echo "--- $name in ./$dir ($fuzztime)"
		before=$(ls "$dir/testdata/fuzz/$name" 2>/dev/null | wc -l)
		rc=0
		out=$(go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "./$dir" 2>&1) || rc=$?
		printf '%s\n' "$out" | grep -v '^fuzz: elapsed' || true
		after=$(ls "$dir/testdata/fuzz/$name" 2>/dev/null | wc -l)
		if [ "$rc" -ne 0 ]; then
			if [ "$after" -eq "$before" ] && printf '%s' "$out" | grep -q 'context deadline exceeded' &&
				! printf '%s' "$out" | grep -q 'Failing input written'; then
				echo "fuzz target $name: Go's fuzz deadline race (golang/go#75804), no failing input: ignored"
			else
				echo "fuzz target $name in ./$dir failed" >&2
				return 1
			fi
		fi
		n=$((n + 1))
	done < <(fuzz_targets | sort -u)
	echo "$n fuzz targets"
}

# fuzz_targets prints file:FuzzName for the Fuzz functions in the selected packages.
fuzz_targets() {
	local p dir
	for p in "${pkgs[@]}"; do
		dir=${p%/...}
		if [ "$dir" != "$p" ]; then
			grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' "$dir" || true
		else
			grep -Eo '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go /dev/null || true
		fi
	done | sed -e 's|^\./||' -e 's/:func /:/'
}

# --- run --------------------------------------------------------------------------------------

if [ "$no_db" -eq 0 ]; then
	step "install packages" install_packages
	step "start PostgreSQL" start_postgres
	step "start MariaDB" start_mariadb
else
	echo "--no-db: using SFCONNECT_TEST_POSTGRES_URL=${SFCONNECT_TEST_POSTGRES_URL:-<unset>}" \
		"SFCONNECT_TEST_MYSQL_URL=${SFCONNECT_TEST_MYSQL_URL:-<unset>} (unset: those tests skip)"
fi
if [ -n "$exec_cmd" ]; then
	step "$exec_cmd" bash -c "$exec_cmd"
	exit 0
fi
check "gofmt" check_gofmt
check "go vet" go vet "${pkgs[@]}"
check "staticcheck" staticcheck_run
check "go test$([ "$race" -eq 0 ] || echo ' -race')" go_test
if [ "$quick" -eq 0 ]; then
	check "fuzz" fuzz_all
fi
if [ ${#failed_checks[@]} -gt 0 ]; then
	die "failed checks: $(printf '"%s" ' "${failed_checks[@]}")"
fi
