#!/usr/bin/env bash
# Copyright 2026 The Casustafel authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-data.sh CASUSTAFEL_CLI TEST_LOG_TAMPER [SQLCIPHER_SHELL]
#
# The team-data commands of casustafel-cli (cases, case, policy, log, import)
# on a team built here with init, member add/enrol and import: need-to-know as
# each role sees it, also in the raw database through the real sqlcipher
# shell; a grant and revoke round trip; the access log and its tamper check;
# every validation rule through import. Prints TAP. Run by meson with
# CASUSTAFEL_TEST_KDF=interactive, so Argon2id is quick.

set -euo pipefail

CLI=${1:?usage: test-cli-data.sh CASUSTAFEL_CLI TEST_LOG_TAMPER [SQLCIPHER_SHELL]}
TAMPER=${2:?usage: test-cli-data.sh CASUSTAFEL_CLI TEST_LOG_TAMPER [SQLCIPHER_SHELL]}
SQLCIPHER=${3:-$(command -v sqlcipher || true)}
source "$(dirname "${BASH_SOURCE[0]}")/cli-test-lib.sh"
fail_lines=40

admin=beheer      # voorzitter and beheerder: reads no category at all
pass_admin="wachtwoordzin van de beheerder"
regie=regie       # regisseur: every category
pass_regie="wachtwoordzin van de regisseur"
agent=agent       # politie: identity, justice, general
pass_agent="wachtwoordzin van de politie"

# Distinctive plaintexts: health must never be readable without the health
# key, the question (general) is stored as plain text inside the database.
health1="Qhealthmarker depressie sinds 2019"
health2="Qhealthmarker verslaving alcohol"
medication="Qmedicijnmarker lithium"
justice1="Qjusticemarker eerder aangehouden"
debts_creditors="Qfinancemarker Belastingdienst"
question1="Qgeneralmarker vraag: hoe houden we het gezin in huis?"
surname1="Qzandvoortmeer"

# run STDIN ARG...: sets $out, $err and $rc (not cli-test-lib's run).
run () {
  local input=$1
  shift
  rc=0
  out=$(printf '%s' "$input" | "$CLI" "$@" 2>"$tmp/stderr") || rc=$?
  err=$(<"$tmp/stderr")
}

succeeded () {
  [[ $rc == 0 ]] || fail "expected success"
}

refused () {  # refused STATUS [TEXT]
  [[ $rc == "$1" ]] || { fail "expected exit status $1"; return 1; }
  [[ $err == "casustafel-cli: "* ]] || { fail "expected the casustafel-cli: prefix"; return 1; }
  [[ -z ${2:-} ]] || grep -qiE -- "$2" <<<"$err" || fail "expected '$2' in the error"
}

as () {  # as LOGIN ARGS...: runs a command that unlocks as LOGIN
  local login=$1 pass
  shift
  case $login in
    "$admin") pass=$pass_admin ;;
    "$regie") pass=$pass_regie ;;
    "$agent") pass=$pass_agent ;;
  esac
  local command=$1 file=$2
  shift 2
  run "$pass"$'\n' $command "$file" --login "$login" --passphrase-stdin "$@"
}

# py SCRIPT: runs python on $out as JSON in variable d; the script asserts.
py () {
  python3 -c 'import json, sys
d = json.loads(sys.stdin.read())
'"$1" <<<"$out" || fail "python check failed"
}

# --- help -------------------------------------------------------------------

test_help () {
  run "" --help
  succeeded || return 1
  for command in cases case need-to-know "policy show" "policy grant" "policy revoke" log import; do
    grep -qF -- "  $command " <<<"$out" || { fail "--help does not list $command"; return 1; }
  done
}

test_command_help () {
  for command in cases case "policy show" "policy grant" "policy revoke" log import; do
    # shellcheck disable=SC2086 # the words of the command are meant to split
    run "" $command --help
    succeeded && [[ $out == "Usage: casustafel-cli $command "* ]] ||
      { fail "$command --help"; return 1; }
  done
  run "" import --help
  grep -qF "health_mental" <<<"$out" && grep -qF "referral_date" <<<"$out" ||
    fail "import --help does not document the columns"
}

check "--help lists the team-data commands" test_help
check "COMMAND --help shows the usage of each, import --help its columns" test_command_help

# --- the team ---------------------------------------------------------------

setup_team () {
  run "$pass_admin"$'\n' init "$team" --team "Wijkteam Test" --login "$admin" \
    --name "Bea Heer" --role voorzitter --admin --passphrase-stdin
  succeeded || return 1
  recovery_key=$(tail -n 1 <<<"$out")
  local login role pass code
  for login in "$regie" "$agent"; do
    if [[ $login == "$regie" ]]; then role=regisseur pass=$pass_regie
    else role=politie pass=$pass_agent; fi
    run "$pass_admin"$'\n' member add "$team" --login "$admin" --new-login "$login" \
      --name "Lid $login" --role "$role" --passphrase-stdin
    succeeded || return 1
    code=$(tail -n 1 <<<"$out")
    run "$code"$'\n'"$pass"$'\n' member enrol "$team" --login "$login" --passphrase-stdin
    succeeded || return 1
  done
  # A new team starts with need-to-know per household on. The checks up to
  # test_need_to_know are about categories for every household, so the
  # beheerder switches it off; test_need_to_know switches it on again.
  as "$admin" need-to-know "$team" --off
  succeeded || return 1
}

count_cases () {  # count_cases: prints the number of cases the regisseur sees
  as "$regie" cases "$team" --json
  python3 -c 'import json, sys; print(len(json.load(sys.stdin)))' <<<"$out"
}

recovery_key=
check "init, member add and member enrol build a team of beheerder, regisseur and politie" \
  setup_team

# --- import: every validation rule ------------------------------------------

long_name=$(printf 'A%.0s' {1..81})
# Line 2 holds a line break inside quotes, so every later row starts one line
# further down: the reported line is where the row starts in the file.
cat >"$tmp/bad.csv" <<EOF
number,referral_date,question,first_name,last_name,bsn,birth_date,sex,postcode
2026-0101,2026-01-05,"Goed, maar over
twee regels",Anna,Goed,111222333,1980-01-01,vrouw,1234 AB
2026-0102,2026-01-05,,Bert,Bsnfout,123456789,,,
2026-0103,2026-01-05,,Carla,Postcodefout,,,,0123 AB
2026-0104,2026-01-05,,Dirk,Datumfout,,2026-02-30,,
2026-0105,2026-01-05,,Eva,Geslachtfout,,,x,
2026-0106,2026-01-05,,$long_name,Telang,,,,
2026-0107,2026-01-05,,Frits,,,,,
EOF

test_import_bad_rows () {
  local before
  before=$(count_cases) || return 1
  as "$regie" import "$team" "$tmp/bad.csv"
  refused 1 "nothing was imported: 6 rows" || return 1
  local expected
  for expected in "line 4, BSN: expected 9 digits" "line 5, Postcode: expected four digits" \
                  "line 6, Date of birth: expected a date" "line 7, Sex: expected one of" \
                  "line 8, First name: expected at most 80 characters" \
                  "line 9, Last name: this field is required"; do
    grep -qF -- "casustafel-cli: $expected" <<<"$err" || { fail "no '$expected'"; return 1; }
  done
  grep -qF "line 3" <<<"$err" && { fail "the good row is reported"; return 1; }
  grep -qF "123456789" <<<"$err" && { fail "an error repeats the bad value"; return 1; }
  [[ $(count_cases) == "$before" ]] || { echo "# cases were stored"; return 1; }
}

test_import_bad_header () {
  printf 'number,referral_date,first_name,last_name,shoe_size\n2026-0201,2026-01-05,A,B,44\n' \
    >"$tmp/unknown.csv"
  as "$regie" import "$team" "$tmp/unknown.csv"
  refused 1 "line 1: unknown column .shoe_size." || return 1
  printf 'number,referral_date,first_name\n2026-0201,2026-01-05,A\n' >"$tmp/missing.csv"
  as "$regie" import "$team" "$tmp/missing.csv"
  refused 1 "line 1: the column .last_name. \\(Last name\\) is required"
}

test_import_unclosed_quote () {
  printf 'number,referral_date,first_name,last_name\n2026-0201,2026-01-05,"A,B\n' \
    >"$tmp/quote.csv"
  as "$regie" import "$team" "$tmp/quote.csv"
  refused 1 "line 2: a quoted field is not closed"
}

test_import_restricted_column () {
  printf 'number,referral_date,first_name,last_name,health_mental\n2026-0201,2026-01-05,A,B,x\n' \
    >"$tmp/politie.csv"
  as "$agent" import "$team" "$tmp/politie.csv"
  refused 1 "line 2, Mental health: your role may not see or change Health data"
}

check "import with six bad rows reports each with its line and field, stores nothing" \
  test_import_bad_rows
check "import refuses an unknown column and a missing required column (line 1)" \
  test_import_bad_header
check "import refuses a quoted field that is never closed" test_import_unclosed_quote
check "import refuses a value of a category the member's role may not change" \
  test_import_restricted_column

# A good list as spreadsheets write it: BOM, CRLF, quoted commas, doubled
# quotes, a line break inside quotes, non-ASCII names.
{
  printf '\xef\xbb\xbf'
  printf 'number,referral_date,referred_by,question,area,domains,first_name,last_name,bsn,'
  printf 'birth_date,sex,street,house_number,postcode,city,phone,email,health_mental,'
  printf 'health_addiction,medication,justice_info,creditors,debts_cents,parenting,tenancy,'
  printf 'work_situation\r\n'
  printf '2026-0001,2026-01-05,Huisarts,"%s","Noord, oost","financien,justitie",Jan,%s,' \
    "$question1" "$surname1"
  printf '111222333,1980-02-03,man,Dorpsstraat,12a,1234ab,Hilversum,06-12345678,'
  printf 'jan@example.nl,%s,,"%s",%s,%s,250000,Opvoedvragen,Huurcontract,Werkloos\r\n' \
    "$health1" "$medication" "$justice1" "$debts_creditors"
  printf '2026-0002,2026-02-10,Wijkagent,"Zegt ""nee"" tegen hulp\r\nen meer",Zuid,,Éva,'
  printf 'Dóórn-SSmit,,,vrouw,,,,,,,"%s",,,,,,,,\r\n' "$health2"
  printf '2026-0003,2026-03-01,,"Map C:\\zaken\tmet tab",,,Kees,Klaassen,,,,,,,,,,,,,,,,,,\r\n'
} >"$tmp/good.csv"

test_import_good () {
  as "$regie" import "$team" "$tmp/good.csv"
  succeeded && [[ $out == "Imported 3 cases." ]] || { fail "expected 'Imported 3 cases.'"; return 1; }
  [[ $(count_cases) == 3 ]] || { echo "# expected 3 cases"; return 1; }
}

test_import_round_trip () {
  as "$regie" cases "$team" --json
  succeeded && py '
c = {x["number"]: x for x in d}
a, b = c["2026-0001"], c["2026-0002"]
assert a["household"]["area"] == "Noord, oost", a["household"]["area"]
assert a["domains"] == "financien,justitie"
assert a["status"] == "aangemeld" and b["status"] == "aangemeld"
assert a["persons"][0]["postcode"] == "1234 AB"
assert a["persons"][0]["relation"] == "hoofd"
assert a["household"]["debts_cents"] == 250000
assert b["question"] == "Zegt \"nee\" tegen hulp\nen meer", repr(b["question"])
assert b["persons"][0]["first_name"] == "Éva"
assert b["persons"][0]["last_name"] == "Dóórn-SSmit"
assert c["2026-0003"]["household"]["health_mental"] is None
assert c["2026-0003"]["referred_by"] is None
assert c["2026-0003"]["question"] == "Map C:\\zaken\tmet tab", repr(c["2026-0003"]["question"])
' || return 1
  grep -qF "\"question\":\"$question1\"" <<<"$out" || fail "the question is not kept exactly"
}

test_import_duplicate () {
  as "$regie" import "$team" "$tmp/good.csv"
  refused 1 "line 2, Case number: a case with this number already exists" &&
    [[ $(count_cases) == 3 ]]
}

check "import of a good list (BOM, CRLF, quotes, line breaks, UTF-8) stores all rows" \
  test_import_good
check "the imported values come back exactly, normalised by the core" test_import_round_trip
check "importing the same case numbers again is refused, nothing stored" test_import_duplicate

# --- need-to-know as each role sees it ----------------------------------------

# Asserts politie's view of one case object (from cases --json or case --json).
politie_view='
def restricted(v, cat):
    return v == {"restricted": True, "category": cat}
def check_case(x):
    h = x["household"]
    for f in ("health_mental", "health_addiction", "health_physical", "medication"):
        assert restricted(h[f], "health"), (f, h[f])
    for f in ("income_cents", "debts_cents", "creditors", "arrears_cents"):
        assert restricted(h[f], "finance"), f
    for f in ("parenting", "child_protection", "school"):
        assert restricted(h[f], "youth"), f
    for f in ("tenancy", "rent_arrears_cents", "nuisance", "eviction_risk"):
        assert restricted(h[f], "housing"), f
    for f in ("work_situation", "benefits", "daytime_activities"):
        assert restricted(h[f], "work"), f
    assert not isinstance(h["justice_info"], dict)
    assert not isinstance(h["area"], dict)
    for p in x["persons"]:
        assert isinstance(p["last_name"], str) and isinstance(p["first_name"], str)
    for k in ("number", "referral_date", "status"):
        assert isinstance(x[k], str)
'

test_politie_cases_json () {
  as "$agent" cases "$team" --json
  succeeded && py "$politie_view"'
c = {x["number"]: x for x in d}
for x in d:
    check_case(x)
a = c["2026-0001"]
assert a["household"]["justice_info"] == "'"$justice1"'"
assert a["persons"][0]["last_name"] == "'"$surname1"'"
assert a["persons"][0]["bsn"] == "111222333"
assert a["question"] == "'"$question1"'"
' || return 1
  ! grep -qF "Qhealthmarker" <<<"$out" && ! grep -qF "Qfinancemarker" <<<"$out" ||
    fail "health or finance plaintext in politie's output"
}

test_regisseur_reads_all () {
  as "$regie" cases "$team" --json
  succeeded && py '
c = {x["number"]: x for x in d}
assert c["2026-0001"]["household"]["health_mental"] == "'"$health1"'"
assert c["2026-0001"]["household"]["creditors"] == "'"$debts_creditors"'"
assert c["2026-0002"]["household"]["health_mental"] == "'"$health2"'"
assert not any(isinstance(v, dict) for x in d for v in x["household"].values())
'
}

test_voorzitter_reads_general () {
  as "$admin" cases "$team" --json
  succeeded && py '
x = d[0]
assert x["persons"][0]["last_name"] == {"restricted": True, "category": "identity"}
assert x["household"]["justice_info"] == {"restricted": True, "category": "justice"}
assert isinstance(x["question"], str) and isinstance(x["household"]["area"], str)
'
}

test_politie_case_json () {
  as "$agent" case "$team" 2026-0001 --json
  succeeded && py "$politie_view"'
check_case(d)
assert d["number"] == "2026-0001"
for k in ("organisations", "consents", "zrm", "advice", "expenses", "doorbraken"):
    assert d[k] == [], k
assert d["plan"] == {"goals": [], "actions": []}
' || return 1
  ! grep -qF "Qhealthmarker" <<<"$out" || fail "health plaintext in politie's output"
}

test_case_by_id () {
  as "$agent" case "$team" 2 --json
  succeeded && py 'assert d["number"] == "2026-0002"; assert d["id"] == 2'
}

test_case_unknown () {
  as "$agent" case "$team" 2026-9999
  refused 1 "no case"
}

test_politie_case_text () {
  as "$agent" case "$team" 2026-0001
  succeeded || return 1
  local expected
  for expected in "Case 2026-0001" "Household" "Persons" "Plan: goals" "Binding advice" \
                  "$question1" "$justice1" "$surname1" \
                  "Health: Restricted — visible to: regisseur, ggz, verslavingszorg" \
                  "Finance: Restricted — visible to: regisseur, werk-inkomen, schuldhulpverlening"; do
    grep -qF -- "$expected" <<<"$out" || { fail "no '$expected'"; return 1; }
  done
  ! grep -qF "Qhealthmarker" <<<"$out" || fail "health plaintext in politie's output"
}

test_voorzitter_case_text () {
  as "$admin" case "$team" 2026-0001
  succeeded && grep -qF "Identity: Restricted — visible to: regisseur" <<<"$out" ||
    fail "identity is not restricted for the voorzitter"
}

test_cases_text () {
  as "$agent" cases "$team"
  succeeded || return 1
  [[ $(head -n 1 <<<"$out") =~ ^Case\ number\ +Status\ +Area\ +Name\ +Domains$ ]] ||
    { fail "header"; return 1; }
  # Politie reads justice, not finance: only the domain it may know.
  grep -qE "^2026-0001 +aangemeld +Noord, oost +Jan $surname1 +justitie$" <<<"$out" ||
    { fail "row of 2026-0001"; return 1; }
  # Columns line up: "aangemeld" starts at the same place on every line.
  [[ $(awk '{ print index($0, "aangemeld") }' <<<"$(tail -n +2 <<<"$out")" | sort -u | wc -l) == 1 ]] ||
    { fail "columns are not aligned"; return 1; }
  as "$admin" cases "$team"
  succeeded && grep -qE "^2026-0001 +aangemeld +Noord, oost +restricted +" <<<"$out" ||
    fail "the voorzitter sees a name"
}

check "politie's cases --json: identity, justice, general readable; health, finance, youth, housing, work restricted (also when empty)" \
  test_politie_cases_json
check "the regisseur reads every category" test_regisseur_reads_all
check "the voorzitter reads general only" test_voorzitter_reads_general
check "politie's case --json: the same, with every section of the case" test_politie_case_json
check "case takes the numeric id too" test_case_by_id
check "case with an unknown number is refused" test_case_unknown
check "case text: sections, restricted categories with the roles that may see them" \
  test_politie_case_text
check "case text for the voorzitter: identity restricted" test_voorzitter_case_text
check "cases text: aligned columns, header, 'restricted' for a name the role may not read" \
  test_cases_text

# --- the raw database, through the real sqlcipher shell -----------------------

sqlcipher_shell () {  # sqlcipher_shell FILE KEY SQL...
  {
    printf 'PRAGMA key = "x'"'"'%s'"'"'";\n' "$2"
    printf '%s\n' "${@:3}"
  } | "$SQLCIPHER" -batch -bail -init /dev/null "$1"
}

test_raw_database () {
  local raw_key dump marker
  run "$recovery_key"$'\n' recover "$team" "$tmp/plain.db" --recovery-key-stdin
  succeeded || return 1
  raw_key=$(grep -xE '[0-9a-fA-F]{64}' <<<"$out") || { fail "no raw key"; return 1; }
  dump=$(sqlcipher_shell "$tmp/plain.db" "$raw_key" .dump 2>&1) ||
    { echo "# sqlcipher: ${dump:0:500}"; return 1; }
  grep -qF "$question1" <<<"$dump" || { echo "# the question is not in the dump"; return 1; }
  grep -qF "2026-0001" <<<"$dump" || { echo "# the case number is not in the dump"; return 1; }
  for marker in Qhealthmarker Qmedicijnmarker Qjusticemarker Qfinancemarker "$surname1" \
                111222333 Opvoedvragen Huurcontract Werkloos; do
    if grep -qF "$marker" <<<"$dump"; then
      echo "# '$marker' is in the dump as plain text"
      return 1
    fi
  done
  # Category values are blobs, general values text.
  [[ $(sqlcipher_shell "$tmp/plain.db" "$raw_key" \
        "SELECT typeof(health_mental), typeof(question) FROM households h JOIN cases c
         ON c.household_id = h.id WHERE c.number = '2026-0001';") == "blob|text" ]] ||
    { echo "# health_mental is not a blob"; return 1; }
}

if [[ -n $SQLCIPHER ]]; then
  check "in the sqlcipher shell with the raw key, health (and every category) is ciphertext, the question plain" \
    test_raw_database
else
  report 0 "the raw database in the sqlcipher shell # SKIP no sqlcipher shell"
fi

# --- policy: show, grant, revoke ----------------------------------------------

health_of_politie () {  # prints what politie gets for 2026-0001's health_mental
  as "$agent" cases "$team" --json
  python3 -c 'import json, sys
d = {x["number"]: x for x in json.load(sys.stdin)}
print(json.dumps(d["2026-0001"]["household"]["health_mental"]))' <<<"$out"
}

pending () {  # pending LOGIN: prints the "Pending key rotations" line of policy show
  as "$1" "policy show" "$team"
  grep '^Pending key rotations: ' <<<"$out"
}

test_policy_show () {
  as "$agent" "policy show" "$team"
  succeeded || return 1
  grep -qE '^Role +identity +health +justice +finance +youth +housing +work +general$' <<<"$out" ||
    { fail "header"; return 1; }
  grep -qE '^politie +R +- +R +- +- +- +- +R$' <<<"$out" || { fail "politie's row"; return 1; }
  grep -qE '^voorzitter +- +- +- +- +- +- +- +R$' <<<"$out" || { fail "voorzitter's row"; return 1; }
  grep -qxF 'Pending key rotations: none' <<<"$out" || fail "pending rotations"
}

test_policy_usage () {
  as "$admin" "policy grant" "$team" --role brandweer --category health
  refused 2 "unknown role" || return 1
  as "$admin" "policy grant" "$team" --role politie --category gezondheid
  refused 2 "unknown category" || return 1
  as "$admin" "policy grant" "$team" --role politie
  refused 2 "--category"
}

test_grant_by_non_admin () {
  as "$agent" "policy grant" "$team" --role politie --category health
  refused 1 "beheerder"
}

test_grant () {
  as "$admin" "policy grant" "$team" --role politie --category health
  succeeded && grep -qF "Granted health to the role politie." <<<"$out" || return 1
  as "$agent" "policy show" "$team"
  grep -qE '^politie +R +R +R +- +- +- +- +R$' <<<"$out" || fail "the matrix after the grant"
}

test_grant_pending () {
  # The beheerder (voorzitter) holds no health key: nobody sealed it to politie yet.
  [[ $(health_of_politie) == '{"restricted": true, "category": "health"}' ]]
}

test_grant_fulfilled () {
  as "$regie" cases "$team"  # the regisseur holds the health key and seals it on unlock
  succeeded || return 1
  [[ $(health_of_politie) == "\"$health1\"" ]] || { echo "# got $(health_of_politie)"; return 1; }
}

test_revoke () {
  as "$admin" "policy revoke" "$team" --role politie --category health
  succeeded && grep -qF "Revoked health from the role politie." <<<"$out" || return 1
  [[ $(pending "$agent") == "Pending key rotations: health" ]] ||
    { echo "# $(pending "$agent")"; return 1; }
  [[ $(health_of_politie) == '{"restricted": true, "category": "health"}' ]] ||
    { echo "# politie still sees health"; return 1; }
}

test_rotation () {
  as "$regie" cases "$team"  # the regisseur's unlock rotates the health key
  succeeded || return 1
  [[ $(pending "$admin") == "Pending key rotations: none" ]] ||
    { echo "# $(pending "$admin")"; return 1; }
  [[ $(health_of_politie) == '{"restricted": true, "category": "health"}' ]] || return 1
  as "$regie" case "$team" 2026-0001 --json
  py 'assert d["household"]["health_mental"] == "'"$health1"'"'
}

check "policy show: the matrix of roles and categories, no pending rotation" test_policy_show
check "policy grant: unknown role or category, missing option: usage errors (exit 2)" \
  test_policy_usage
check "policy grant by a member who is no beheerder is refused with the core's message" \
  test_grant_by_non_admin
check "policy grant --role politie --category health by the beheerder" test_grant
check "until a session holding the health key unlocks, politie still gets health restricted" \
  test_grant_pending
check "after the regisseur unlocks, politie reads health" test_grant_fulfilled
check "policy revoke: politie restricted again, policy show lists the pending rotation" \
  test_revoke
check "after the regisseur unlocks, the rotation is done: none pending, values still readable" \
  test_rotation

# --- the access log -------------------------------------------------------------

test_log_text () {
  as "$admin" log "$team"
  succeeded || return 1
  grep -qE '^The access log is intact \([0-9]+ entries\)\.$' <<<"$err" ||
    { fail "no verification line"; return 1; }
  # The beheerder (a voorzitter) reads no category: the case's finance and
  # justice sets, and every other category, show as "hidden".
  grep -qE $'^[0-9]+\t[0-9T:Z-]+\tregie\tregisseur\tC\tcases#1\thidden\trecord\t' <<<"$out" ||
    { fail "no C entry for the imported case"; return 1; }
  grep -qE $'^[0-9]+\t[^\t]+\tregie\tregisseur\tC\thouseholds#1\thidden\t' <<<"$out" ||
    { fail "no C entry for the imported household"; return 1; }
  grep -qE $'^[0-9]+\t[^\t]+\tagent\tpolitie\tR\thouseholds#[0-9]+\thidden\t' <<<"$out" ||
    { fail "no R entry of politie"; return 1; }
  [[ -z $(awk -F'\t' '$7 !~ /^(-|general|hidden|general,hidden)$/' <<<"$out") ]] ||
    { fail "a category the beheerder may not read is named"; return 1; }
  grep -qE $'\tbeheer\tvoorzitter\tU\tpolicy#[0-9]+\thidden\tgrant category to role\t' <<<"$out" ||
    { fail "no entry for the grant"; return 1; }
  ! grep -qF -e Qhealthmarker -e "$surname1" <<<"$out" || fail "client data in the log"
}

test_log_json () {
  as "$admin" log "$team" --json
  succeeded && py '
assert all(set(e) == {"id", "at", "login", "role", "action", "object_table", "object_id",
                      "categories", "purpose", "outcome", "household_id", "person_id",
                      "households", "member_seq", "device", "laptop"} for e in d)
# no sync: no entry names a replica
assert all(e["device"] is None and e["laptop"] is None for e in d)
# every entry in the second format, each member numbered 1, 2, 3, ...
seqs = {}
for e in d:
    assert e["member_seq"] == seqs.get(e["login"], 0) + 1, e
    seqs[e["login"]] = e["member_seq"]
# a list read names the households it showed, a person is named with its household
assert any(e["purpose"] == "list" and e["households"] == [1, 2, 3] for e in d)
assert any(e["object_table"] == "persons" and e["person_id"] == 1 and e["household_id"] == 1 for e in d)
assert all(e["purpose"] != "list" or e["object_id"] != 0 or e["households"] for e in d
           if e["object_table"] in ("cases", "households", "persons"))
assert [e["id"] for e in d] == list(range(1, len(d) + 1))
assert any(e["action"] == "C" and e["object_table"] == "persons" and e["categories"] == ["hidden"] for e in d)
assert any(e["action"] == "R" and e["login"] == "agent" and e["categories"] == ["hidden"] for e in d)
assert all(set(e["categories"]) <= {"general", "hidden"} for e in d)
assert {"record", "view", "grant category to role"} <= {e["purpose"] for e in d}
'
}

test_log_refused () {
  as "$agent" log "$team"
  refused 1 "beheerder" || return 1
  as "$regie" log "$team" --json
  refused 1 "beheerder"
}

check "log: C entries for the import, R entries, the policy change; unreadable categories hidden" test_log_text
check "log --json: an array of entries with every field" test_log_json
check "log is refused to a member who is no beheerder (exit 1)" test_log_refused

test_log_household () {
  as "$admin" log "$team" --household 2 --json
  succeeded && py '
assert len(d) > 0
assert all(e["household_id"] == 2 or 2 in e["households"] for e in d)
assert any(e["login"] == "agent" and e["purpose"] == "list" for e in d)
assert any(e["login"] == "regie" and e["action"] == "C" and e["object_table"] == "persons" for e in d)
' || return 1
  as "$admin" log "$team" --household 2
  succeeded || return 1
  # The beheerder reads no category: politie's justice shows as "hidden".
  grep -qE $'\tagent\tpolitie\tR\tcases#0\thidden\t[^\t]+\tok\t1,2,3\t-\t-$' <<<"$out" ||
    { fail "no list entry naming the households in the text"; return 1; }
  ! grep -qF "$surname1" <<<"$out" || fail "client data in the log"
}

test_log_household_refused () {
  as "$agent" log "$team" --household 1
  refused 1 "regisseur" || return 1
  as "$admin" log "$team" --household 1x
  refused 1 "--household" || return 1
  as "$admin" log "$team" --household 0
  refused 1 "--household"
}

check "log --household: every entry about that household, lists by their set" test_log_household
check "log --household is refused to politie; a bad id is named (exit 1)" \
  test_log_household_refused

test_check_ok () {
  as "$admin" check "$team"
  succeeded && [[ $out == ok ]]
}

test_tamper () {
  printf '%s\n' "$pass_admin" | "$TAMPER" "$team" "$admin" 7 ||
    { echo "# the helper failed"; return 1; }
  as "$admin" check "$team"
  refused 1 "entry 7\\b"
}

test_log_shows_tamper () {
  as "$admin" log "$team"
  refused 1 "entry 7\\b" || return 1
  grep -qE $'^7\t' <<<"$out" || fail "the entries are still listed"
}

# --- need-to-know per household ------------------------------------------------

test_need_to_know () {
  as "$agent" need-to-know "$team" --on
  refused 1 "beheerder" || return 1
  as "$admin" need-to-know "$team" --on --meeting-days 400
  refused 1 "meeting-days" || return 1
  as "$admin" need-to-know "$team" --on
  succeeded && grep -q "14 days" <<<"$out" || { fail "need-to-know --on"; return 1; }
  # politie is involved in none of the imported households
  as "$agent" cases "$team" --json
  succeeded && py '
assert len(d) >= 2
for x in d:
    assert x["persons"] == [], x["persons"]
    assert x["household"]["justice_info"] == {"restricted": True, "category": "justice"}
    assert isinstance(x["number"], str) and isinstance(x["status"], str)
    assert not isinstance(x["household"]["area"], dict)
' || return 1
  ! grep -q "$surname1\|$justice1" <<<"$out" || { fail "identity in the limited list"; return 1; }
  as "$agent" case "$team" 2026-0001
  succeeded && grep -q "outside your involvement" <<<"$err" || { fail "no limited note"; return 1; }
  ! grep -q "$surname1\|$justice1" <<<"$out" || { fail "identity in the limited case"; return 1; }
}

test_break_glass () {
  as "$agent" case "$team" 2026-0001 --break-glass anders
  refused 1 "Reason" || return 1
  as "$agent" case "$team" 2026-0001 --break-glass nieuwsgierig
  refused 1 "break-glass" || return 1
  as "$agent" case "$team" 2026-0001 --because "zomaar"
  refused 1 "because" || return 1
  as "$agent" case "$team" 2026-0001 --json --break-glass voorbereiding-overleg --because "Overleg"
  succeeded && py '
assert d["household"]["justice_info"] == "'"$justice1"'"
assert d["persons"][0]["last_name"] == "'"$surname1"'"
' || return 1
  as "$admin" log "$team" --json
  succeeded && py '
e = [e for e in d if e["purpose"] == "break the glass; voorbereiding overleg"]
assert len(e) == 1 and e[0]["login"] == "agent" and e[0]["household_id"] > 0, e
assert not any("Overleg" in (x["purpose"] or "") for x in d)
' || return 1
  as "$admin" need-to-know "$team" --off
  succeeded || return 1
  as "$agent" case "$team" 2026-0001
  succeeded && grep -q "$surname1" <<<"$out" && ! grep -q "involvement" <<<"$err" ||
    fail "need-to-know --off"
}

check "need-to-know --on (beheerder only): politie sees no identity of uninvolved households" \
  test_need_to_know
check "case --break-glass: reasons checked, opens the household, logged without the text" \
  test_break_glass

check "check says ok before the log is touched" test_check_ok
check "a log entry changed in the database: check fails and names entry 7" test_tamper
check "log lists the entries and says the log was changed at entry 7 (exit 1)" \
  test_log_shows_tamper

# --- demo data, when the demo command exists -----------------------------------

test_demo () {
  # demo makes a member per role, whose login is the role's name, passphrase "demo".
  local demo=$tmp/demo.casus number
  run "" demo "$demo" --households 20 --seed 7
  succeeded || return 1
  # The demo starts with need-to-know on, like every new team: politie
  # sees the name of none of the households it has no part in.
  run "demo"$'\n' cases "$demo" --login politie --passphrase-stdin --json
  succeeded && py '
assert any(x["persons"] == [] for x in d)
' || return 1
  # What follows checks the categories of every household.
  run "demo"$'\n' need-to-know "$demo" --login beheerder --passphrase-stdin --off
  succeeded || return 1
  run "demo"$'\n' cases "$demo" --login regisseur --passphrase-stdin --json
  succeeded && py '
assert len(d) >= 20, len(d)
assert not any(isinstance(v, dict) for x in d for v in x["household"].values())
assert all(isinstance(p["last_name"], str) for x in d for p in x["persons"])
' || return 1
  number=$(python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["number"])' <<<"$out")
  run "demo"$'\n' case "$demo" "$number" --login politie --passphrase-stdin --json
  succeeded && py "$politie_view"'
check_case(d)
assert d["number"] == "'"$number"'"
' || return 1
  run "demo"$'\n' cases "$demo" --login politie --passphrase-stdin --json
  succeeded && py "$politie_view"'
for x in d:
    check_case(x)
'
}

if "$CLI" demo --help >/dev/null 2>&1; then
  check "demo --households 20 --seed 7: cases and case read the demo team" test_demo
else
  report 0 "demo data # SKIP casustafel-cli has no demo command yet"
fi

finish
