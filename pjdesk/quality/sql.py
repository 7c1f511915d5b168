"""The SQL of the data-quality checks (``pjdesk/quality/checks.py``): one query per check over the
whole file, each returning only the faulty records. Dates are stored as ISO text (YYYY-MM-DD)."""

# The current head's name of household ``h`` (a struck-off household has none).
_HEAD = ("(SELECT m.name FROM member m WHERE m.household_id = h.id AND m.left_on IS NULL "
         "AND m.relation = :head_rel LIMIT 1)")

# Checks empty_household, head_count, dibao_member and exit_income in one pass: each household on the
# roll with its current members counted (heads, 低保 members) and, for an exited one, its per-capita net
# income (the household's yearly income over its current members) against the line of its exit year
# (``:lines``: the setting as JSON, {"2017": 3146}); only households with one of these faults are returned.
HOUSEHOLDS = """
WITH a AS MATERIALIZED (
  SELECT household_id, count(*) AS n, sum(relation = :head) AS heads, sum(is_dibao != 0) AS dibao,
         group_concat(CASE WHEN relation = :head THEN name END, '、') AS names
  FROM member WHERE left_on IS NULL GROUP BY household_id)
SELECT f.household_no, v.name, f.status, f.type, f.n, f.heads, f.names, f.dibao, f.exit_year, f.per, f.line FROM
  (SELECT h.household_no, h.village_id, h.status, h.type, coalesce(a.n, 0) AS n, coalesce(a.heads, 0) AS heads,
          a.names, coalesce(a.dibao, 0) AS dibao, h.exit_year,
          CASE WHEN h.status = :exited AND a.n > 0 THEN (h.wage_income + h.business_income + h.transfer_income
               + h.property_income - h.production_cost) * 1.0 / a.n END AS per,
          CASE WHEN h.status = :exited THEN json_extract(:lines, '$."' || h.exit_year || '"') END AS line
   FROM household h NOT INDEXED LEFT JOIN a ON a.household_id = h.id
   WHERE h.status != :closed
     AND (a.n IS NULL OR a.heads != 1 OR (h.type IN (:t1, :t2) AND a.dibao = 0)
          OR (h.status = :exited AND a.n > 0 AND (h.wage_income + h.business_income + h.transfer_income
              + h.property_income - h.production_cost) * 1.0 / a.n < json_extract(:lines, '$."' || h.exit_year || '"')))
  ) f
JOIN village v ON v.id = f.village_id
ORDER BY +f.household_no"""

ORPHAN_MEMBER = """
SELECT m.id, m.name, m.household_id FROM member m
WHERE m.household_id IN (SELECT DISTINCT household_id FROM member WHERE household_id NOT IN (SELECT id FROM household))
ORDER BY m.id"""

# ID numbers (checks id_invalid and id_mismatch, one pass over the current members): valid per
# GB 11643-1999 as pjdesk.idcard.parse has it — 18 characters, 17 digits and a digit or X, a known
# province, a real birth date between 1890 and today, the check digit (weights 7 9 10 5 8 4 2 1 6 3 7 9
# 10 5 8 4 2, mod 11 → "10X98765432"). Everything by integer arithmetic on the first 17 digits (SQLite's
# date() and one substr per digit are several times slower, and the 17 digits are cast
# once per member). A member who left keeps the number of
# their day (history), so only current members are read. ``:today`` is YYYYMMDD as a whole number.
_X = "m.x"   # CAST(substr(id_number, 1, 17) AS INTEGER), computed once per member (MATERIALIZED)
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_SUM = " + ".join(f"{w} * ({_X} / {10 ** (16 - i)} % 10)" for i, w in enumerate(_W))
_Y, _MO, _D = f"({_X} / 10000000 % 10000)", f"({_X} / 100000 % 100)", f"({_X} / 1000 % 100)"
_PROVINCES = ("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 "
              "65 71 81 82 83 91").split()
ID_VALID = (
    "(length(m.id_number) = 18 AND m.id_number GLOB '" + "[0-9]" * 17 + "[0-9X]'"
    " AND substr(m.id_number, 1, 2) IN (" + ", ".join(f"'{p}'" for p in _PROVINCES) + ")"
    " AND substr(m.id_number, 3, 4) != '0000'"
    f" AND {_MO} BETWEEN 1 AND 12 AND {_D} BETWEEN 1 AND CASE WHEN {_MO} = 2"
    f" THEN 28 + (({_Y} % 4 = 0 AND {_Y} % 100 != 0) OR {_Y} % 400 = 0) ELSE 30 + (({_MO} + {_MO} / 8) % 2) END"
    f" AND {_X} / 1000 % 100000000 BETWEEN 18900101 AND :today"
    f" AND substr('10X98765432', ({_SUM}) % 11 + 1, 1) = substr(m.id_number, 18, 1))"
)
_ID_SEX = f"CASE {_X} % 2 WHEN 1 THEN '男' ELSE '女' END"
_ID_BIRTH = f"{_X} / 1000 % 100000000"
# One row per current member whose number is invalid (valid = 0) or disagrees with sex / birth date.
IDS = f"""
WITH t AS MATERIALIZED (
  SELECT household_id, name, id_number, sex, birth_date, CAST(substr(id_number, 1, 17) AS INTEGER) AS x
  FROM member NOT INDEXED WHERE left_on IS NULL)
SELECT h.household_no, v.name, x.name, x.id_number, x.valid, x.sex, x.birth_date, x.id_sex, x.id_birth FROM
  (SELECT m.household_id, m.name, m.id_number, {ID_VALID} AS valid, m.sex, m.birth_date,
          {_ID_SEX} AS id_sex, {_ID_BIRTH} AS id_birth
   FROM t m
   WHERE (NOT {ID_VALID} OR m.sex IS NOT {_ID_SEX}
                                OR CAST(replace(m.birth_date, '-', '') AS INTEGER) IS NOT {_ID_BIRTH})) x
JOIN household h ON h.id = x.household_id JOIN village v ON v.id = h.village_id
ORDER BY h.household_no, x.name"""
# The bare predicate over one number (a test compares it with pjdesk.idcard.parse).
ID_VALID_ONE = f"SELECT {ID_VALID} FROM (SELECT :n AS id_number, CAST(substr(:n, 1, 17) AS INTEGER) AS x) m"

ID_DUPLICATE = """
SELECT h.household_no, v.name, m.name,
       (SELECT group_concat(v2.name || '户编号' || h2.household_no || '成员' || o.name, '、')
        FROM member o JOIN household h2 ON h2.id = o.household_id JOIN village v2 ON v2.id = h2.village_id
        WHERE o.id_number = m.id_number AND o.left_on IS NULL AND o.id != m.id)
FROM member m JOIN household h ON h.id = m.household_id JOIN village v ON v.id = h.village_id
WHERE m.left_on IS NULL AND m.id_number IN
  (SELECT id_number FROM member WHERE left_on IS NULL AND id_number != ''
   GROUP BY id_number HAVING count(*) > 1)
ORDER BY h.household_no, m.name"""

CAUSES = f"""
SELECT h.household_no, v.name, {_HEAD}, h.main_cause,
       (SELECT count(*) FROM household_other_cause c WHERE c.household_id = h.id)
FROM household h JOIN village v ON v.id = h.village_id
WHERE h.status != :closed
  AND (h.main_cause IS NULL OR trim(h.main_cause) = '' OR h.main_cause NOT IN ({{causes}})
       OR h.id IN (SELECT household_id FROM household_other_cause GROUP BY household_id HAVING count(*) > :most))
ORDER BY h.household_no"""

# A current household (未脱贫 / 预脱贫 / 返贫) needs a current pairing with a helper still in post.
NO_HELPER = f"""
SELECT h.household_no, v.name, {_HEAD}, h.status FROM household h JOIN village v ON v.id = h.village_id
WHERE h.status IN ({{statuses}})
  AND NOT EXISTS (SELECT 1 FROM helper_assignment a JOIN helper hp ON hp.id = a.helper_id
                  WHERE a.household_id = h.id AND a.end_on IS NULL AND hp.active)
ORDER BY h.household_no"""

HELPER_OVER_LIMIT = """
SELECT hp.name, hp.unit, count(*) AS n FROM helper_assignment a JOIN helper hp ON hp.id = a.helper_id
WHERE a.end_on IS NULL GROUP BY hp.id HAVING count(*) > :limit
ORDER BY n DESC, hp.name"""

SCHOOL_AGE = """
SELECT h.household_no, v.name, m.name,
       CAST(strftime('%Y', :today) AS INTEGER) - CAST(strftime('%Y', m.birth_date) AS INTEGER)
         - (strftime('%m-%d', :today) < strftime('%m-%d', m.birth_date)) AS age
FROM member m NOT INDEXED JOIN household h ON h.id = m.household_id JOIN village v ON v.id = h.village_id
WHERE m.left_on IS NULL AND h.status != :closed AND m.school_status = :out_of_school
  AND m.birth_date <= :latest AND m.birth_date > :earliest
ORDER BY h.household_no, m.name"""

DISABILITY_GRADE = """
SELECT h.household_no, v.name, m.name
FROM member m NOT INDEXED JOIN household h ON h.id = m.household_id JOIN village v ON v.id = h.village_id
WHERE m.left_on IS NULL AND h.status != :closed AND m.health = '残疾' AND trim(coalesce(m.disability_grade, '')) = ''
ORDER BY h.household_no, m.name"""

# Open or archived renovation cases with what their stage needs on file; the Python side decides
# which record is missing (and whether the demolition was required: renovation_rules.demolition_required).
RENOVATION_RECORDS = """
SELECT c.case_no, h.household_no, v.name, c.stage, d.house_structure, d.build_type, d.assessed_on,
       EXISTS (SELECT 1 FROM construction_event e WHERE e.case_id = c.id AND e.event = '开工'),
       EXISTS (SELECT 1 FROM completion_acceptance a WHERE a.case_id = c.id AND a.result = '合格'),
       EXISTS (SELECT 1 FROM construction_event e WHERE e.case_id = c.id AND e.event = '拆旧完成'),
       c.status = '已归档'
FROM case_file c JOIN renovation_detail d ON d.case_id = c.id
JOIN household h ON h.id = c.household_id JOIN village v ON v.id = c.village_id
WHERE c.kind = 'renovation' AND c.status != '不予通过'
  AND c.stage IN ('实施', '竣工验收', '资金拨付', '归档')
ORDER BY c.case_no"""

# 易地搬迁 after approval: 搬迁入住 → 旧房拆除 → 后续扶持 → 归档 (pjdesk/cases/relocation.py)
RELOCATION_RECORDS = """
SELECT c.case_no, h.household_no, v.name, c.stage, d.old_house_structure,
       EXISTS (SELECT 1 FROM relocation_event e WHERE e.case_id = c.id AND e.event = '搬迁协议'),
       EXISTS (SELECT 1 FROM relocation_event e WHERE e.case_id = c.id AND e.event = '搬迁入住'),
       EXISTS (SELECT 1 FROM relocation_event e WHERE e.case_id = c.id AND e.event = '拆旧复垦协议'),
       EXISTS (SELECT 1 FROM relocation_event e WHERE e.case_id = c.id AND e.event = '拆除验收'),
       EXISTS (SELECT 1 FROM relocation_event e WHERE e.case_id = c.id AND e.event = '后续扶持')
FROM case_file c JOIN relocation_detail d ON d.case_id = c.id
JOIN household h ON h.id = c.household_id JOIN village v ON v.id = c.village_id
WHERE c.kind = 'relocation' AND c.status != '不予通过'
  AND c.stage IN ('旧房拆除', '后续扶持', '归档')
ORDER BY c.case_no"""

# Both ends counted, as pjdesk.cases.postings.posting_days (3月1日至3月7日 = 7天).
POSTING_DAYS = """
SELECT c.case_no, h.household_no, v.name, b.stage, b.start_on, b.end_on,
       CAST(julianday(b.end_on) - julianday(b.start_on) AS INTEGER) + 1 AS days
FROM posting_batch b JOIN posting_member pm ON pm.batch_id = b.id JOIN case_file c ON c.id = pm.case_id
JOIN household h ON h.id = c.household_id JOIN village v ON v.id = b.village_id
WHERE CAST(julianday(b.end_on) - julianday(b.start_on) AS INTEGER) + 1 < :least
ORDER BY c.case_no, b.start_on"""
