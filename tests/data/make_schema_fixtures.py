"""How tests/data/schema-*.sqlite3 were made (run once, files committed; kept for the record).

- schema-0001.sqlite3: a database as version 0.1.0-dev wrote it (schema 0001_registry: members
  without pinyin keys) with one household of three members.
- schema-future.sqlite3: a database stamped with a schema revision this program does not know,
  as a newer pjdesk would leave it.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from alembic import command  # noqa: E402

from db.engine import _alembic_config, make_engine  # noqa: E402


def _at_revision(path: Path, revision: str) -> None:
    path.unlink(missing_ok=True)
    engine = make_engine(path)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


def _rows(conn: sqlite3.Connection) -> None:
    conn.executescript("""
    INSERT INTO township VALUES (1, '虹桥镇', '平江县', '430626', '2016-10-01 09:00:00');
    INSERT INTO village VALUES (1, 1, '大山村', NULL, 1, '01', 1);
    INSERT INTO village_group VALUES (1, 1, 3, '3组');
    INSERT INTO household (id, household_no, village_id, group_id, address, phone, bank_name, bank_account,
        type, standard, identified_year, main_cause, house_structure, house_area, danger_grade,
        house_built_year, wage_income, business_income, transfer_income, property_income, production_cost,
        status, planned_exit_year, exit_year, created_at, updated_at)
      VALUES (1, '43062601010001', 1, 1, '虹桥镇大山村3组', '13800000000', '平江县农村商业银行',
        '6230901000000000001', '一般贫困户', '国家', 2015, '因病', '土木', 80, 'D', 1978, 6000, 0, 1200,
        0, 0, '未脱贫', 2017, NULL, '2016-10-01 09:00:00', '2016-10-01 09:00:00');
    INSERT INTO household_other_cause VALUES (1, '缺资金', 1);
    INSERT INTO member (id, household_id, name, id_number, relation, sex, birth_date, ethnicity, education,
        school_status, health, disability_grade, labour_ability, work_status, is_dibao,
        has_medical_insurance, has_pension_insurance, joined_on, join_reason, left_on, leave_reason) VALUES
      (1, 1, '曾国华', '430626196005010114', '户主', '男', '1960-05-01', '汉族', '初中', '非在校生', '患有大病', '',
       '丧失劳动力', '', 0, 1, 1, '2015-10-01', '建档', NULL, ''),
      (2, 1, '单秀英', '430626196203080201', '配偶', '女', '1962-03-08', '汉族', '小学', '非在校生', '健康', '',
       '普通劳动力', '务农', 0, 1, 1, '2015-10-01', '建档', NULL, ''),
      (3, 1, '曾小明', '430626199007090318', '子', '男', '1990-07-09', '汉族', '高中', '非在校生', '健康', '',
       '普通劳动力', '省外务工', 0, 1, 1, '2015-10-01', '建档', NULL, '');
    INSERT INTO status_change VALUES (1, 1, '', '未脱贫', '2015-10-01', '建档立卡', '', '2016-10-01 09:00:00');
    """)


def _finish(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def main() -> None:
    old = HERE / "schema-0001.sqlite3"
    _at_revision(old, "0001_registry")
    conn = sqlite3.connect(old)
    _rows(conn)
    conn.commit()
    conn.close()
    _finish(old)

    future = HERE / "schema-future.sqlite3"
    _at_revision(future, "0001_registry")
    conn = sqlite3.connect(future)
    conn.execute("UPDATE alembic_version SET version_num = '0099_future_feature'")
    conn.execute("CREATE TABLE future_feature (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    _finish(future)


if __name__ == "__main__":
    main()
