from iite.core.registry import Registry, register_demo_loader


def test_demo_loaders_run_by_order_then_as_registered(monkeypatch):
    """A loader others' demo data refer to can go first; the rest keep INSTALLED_APPS order."""
    monkeypatch.setattr("iite.core.registry.registry", fresh := Registry())

    def loader() -> None:
        return None

    register_demo_loader("partners", loader)
    register_demo_loader("monitoring", loader)
    register_demo_loader("programme", loader, order=10)
    register_demo_loader("events", loader, order=11)
    register_demo_loader("programme", loader, order=99)  # a second registration is ignored
    assert [name for name, _loader in fresh.demo_loaders] == [
        "programme",
        "events",
        "partners",
        "monitoring",
    ]
