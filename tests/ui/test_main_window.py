from __future__ import annotations


def test_window_opens_with_three_tabs_and_the_status_bar(window) -> None:
    assert [window.tabs.tabText(i) for i in range(3)] == ["&Upload", "&History", "&KPIs"]
    assert "local" in window.status_profile.text()
    assert "ana@contoso.com" in window.status_user.text()
