"""The command line acts as ``--user`` or PJDESK_USER, password from PJDESK_PASSWORD (issue 14); users
and the audit trail have their commands."""

from __future__ import annotations

import json

import pytest

from pjdesk.cli.main import EXIT_REFUSED, main


@pytest.fixture
def path(tmp_path, monkeypatch):
    p = str(tmp_path / "cli.db")
    monkeypatch.setenv("PJDESK_USER", "boss")
    monkeypatch.setenv("PJDESK_PASSWORD", "boss-pw-1")
    return p


@pytest.mark.no_login
def test_init_creates_the_first_administrator_and_commands_act_as_the_named_user(path, capsys, monkeypatch):
    assert main(["--db", path, "init", "--township", "虹桥镇", "--admin-name", "张站长"]) == 0
    assert "管理员用户：boss" in capsys.readouterr().out
    monkeypatch.setenv("NEWPW", "clerk-pw-1")
    assert main(["--db", path, "users", "add", "lu", "--display-name", "陆录入", "--role", "录入员",
                 "--password-env", "NEWPW"]) == 0
    capsys.readouterr()
    # the clerk, named by --user (the environment's password is boss's: refused), then by the environment
    assert main(["--db", path, "--user", "lu", "users", "list"]) == EXIT_REFUSED
    assert "用户名或密码不正确" in capsys.readouterr().err
    monkeypatch.setenv("PJDESK_PASSWORD", "clerk-pw-1")
    assert main(["--db", path, "users", "add", "x9", "--role", "录入员", "--password-env", "NEWPW",
                 "--user", "lu"]) == EXIT_REFUSED
    assert "此操作需要管理员角色" in capsys.readouterr().err
    monkeypatch.setenv("PJDESK_USER", "lu")
    assert main(["--db", path, "users", "lock", "boss"]) == EXIT_REFUSED
    assert "管理员" in capsys.readouterr().err
    assert main(["--db", path, "users", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(u["name"], u["role"], u["status"]) for u in listed] == [("boss", "管理员", "正常"), ("lu", "录入员", "正常")]


@pytest.mark.no_login
def test_a_command_that_writes_needs_a_user(path, capsys, monkeypatch):
    assert main(["--db", path, "init", "--township", "虹桥镇"]) == 0
    monkeypatch.delenv("PJDESK_USER")
    assert main(["--db", path, "villages", "add", "新村"]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "请先登录" in err and "--user" in err
    assert main(["--db", path, "villages", "list"]) == 0          # reading needs no login


@pytest.mark.no_login
def test_audit_command_filters_by_user_and_writes_json(path, capsys, monkeypatch):
    assert main(["--db", path, "init", "--township", "虹桥镇"]) == 0
    monkeypatch.setenv("NEWPW", "clerk-pw-1")
    assert main(["--db", path, "users", "add", "lu", "--role", "录入员", "--password-env", "NEWPW"]) == 0
    monkeypatch.setenv("PJDESK_USER", "lu")
    monkeypatch.setenv("PJDESK_PASSWORD", "clerk-pw-1")
    assert main(["--db", path, "villages", "add", "新村"]) == 0
    capsys.readouterr()
    assert main(["--db", path, "audit", "--user", "lu", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["user"] for r in rows} == {"lu"} and any("新村" in r["new"] for r in rows)
    assert main(["--db", path, "audit", "--user", "boss", "--format", "json"]) == 0
    assert not any("新村" in r["new"] for r in json.loads(capsys.readouterr().out))
