"""The HTML pages (pure Python): files, counts, themes, escaping, byte stability, CLI.

The browser half is tests/test_pages_browser.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from ijgraph.cli import main
from ijgraph.compiler.pipeline import Build
from ijgraph.graph.projection import to_networkx
from ijgraph.render import (
    ASSETS,
    SITE_SCRIPTS,
    ExtraPage,
    project_themes,
    render_site,
    slug,
    theme_members,
)
from ijgraph.vocab.namespaces import IJG
from tests.helpers import HOSTILE, small_build

THEMES = project_themes()


@pytest.fixture(scope="session")
def site(built: Build) -> dict[str, bytes]:
    return render_site(built)


@pytest.fixture(scope="session")
def graph(built: Build) -> nx.MultiDiGraph:
    return to_networkx(built.dataset())


@pytest.fixture(scope="session")
def hostile(built: Build) -> dict[str, bytes]:
    ontology = [q for q in built.quads if q.graph_name == ox.NamedNode(str(IJG.ontology))]
    return render_site(small_build(ontology))


def page_graph(html: bytes) -> dict:
    """The nodes, edges and options a page hands to vis-network."""
    match = re.search(rb'<script type="application/json" id="ijg-data">(.*?)</script>', html, re.S)
    assert match, "the page has no graph data"
    return json.loads(match.group(1))


def test_same_data_gives_identical_bytes(built: Build, site: dict[str, bytes]) -> None:
    again = render_site(built)
    assert list(again) == list(site)
    changed = [path for path in site if again[path] != site[path]]
    assert not changed, f"differ between two renders: {changed[:5]}"


def test_one_page_per_theme_and_entity(site: dict[str, bytes], graph: nx.MultiDiGraph) -> None:
    assert "index.html" in site
    assert {p for p in site if p.startswith("theme/")} == {
        f"theme/{t.slug}.html" for t in THEMES.values()
    }
    entity_pages = {p for p in site if p.startswith("entity/")}
    assert len(entity_pages) == graph.number_of_nodes()
    assert "entity/India.html" in entity_pages
    for path in ASSETS:
        assert path in site
    assert "assets/search-index.js" in site


def test_pages_load_nothing_from_the_network(site: dict[str, bytes]) -> None:
    for path, data in site.items():
        if not path.endswith(".html"):
            continue
        text = data.decode()
        # Nothing points elsewhere: no script, style, image or link (cited works are text).
        assert not re.search(r'(src|href|action)="(https?:)?//', text), path
        assert "cdnjs" not in text and "jsdelivr" not in text, path
        # The 700 KB library is shared, never inlined (pages grow with the data, so look for
        # the library's own code and banner rather than at the page's size).
        assert b"keycharm" not in data, path
        banner = site["assets/vis-network.min.js"].decode()[:200].splitlines()[1:3]
        assert banner and all(part not in text for part in banner), path


def test_assets_paths_are_relative(site: dict[str, bytes]) -> None:
    index = site["index.html"].decode()
    entity = site["entity/India.html"].decode()
    assert 'src="assets/vis-network.min.js"' in index
    assert 'src="../assets/vis-network.min.js"' in entity
    assert 'href="../index.html"' in entity


def _scripts(html: bytes) -> list[str]:
    return [
        m.decode().rsplit("assets/", 1)[1]
        for m in re.findall(rb'<script src="([^"]+)" defer></script>', html)
    ]


@pytest.mark.parametrize(
    ("path", "own"),
    [
        ("index.html", ["vis-network.min.js", "site-graph.js", "site-filter.js"]),
        ("entity/India.html", ["vis-network.min.js", "site-focus.js", "site-labels.js"]),
        ("theme/economy.html", ["vis-network.min.js", "site-tooltip.js"]),
        ("path.html", ["path-data.js", "site-path.js"]),
        ("timeline.html", ["site-timeline.js"]),
        ("source/article.html", ["site-reader.js"]),
    ],
)
def test_pages_load_their_scripts_in_order(
    site: dict[str, bytes], path: str, own: list[str]
) -> None:
    """Classic defer scripts run in document order: the core first, the start last, each
    script after those it uses (SITE_SCRIPTS' order), and only what the page needs."""
    scripts = _scripts(site[path])
    assert all(f"assets/{name}" in site for name in scripts), scripts
    assert scripts[:2] == ["search-index.js", "site-core.js"] and scripts[-1] == "site-start.js"
    assert set(own) <= set(scripts), scripts
    order = [f"site-{name}.js" for name in SITE_SCRIPTS]
    ours = [s for s in scripts if s.startswith("site-")]
    assert ours == sorted(ours, key=order.index), ours
    graph_page = "vis-network.min.js" in scripts
    assert graph_page == (b'id="ijg-network"' in site[path])
    assert ("site-path.js" in scripts) == (path == "path.html")


def test_every_page_script_is_loaded_by_a_page(site: dict[str, bytes]) -> None:
    loaded = {s for path, html in site.items() if path.endswith(".html") for s in _scripts(html)}
    assert {f"site-{name}.js" for name in SITE_SCRIPTS} <= loaded
    assert {p for p in ASSETS if p.endswith(".js")} <= {f"assets/{s}" for s in loaded}


def test_overview_draws_the_whole_graph(site: dict[str, bytes], graph: nx.MultiDiGraph) -> None:
    data = page_graph(site["index.html"])
    assert sorted(n["id"] for n in data["nodes"]) == sorted(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges()
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    drawn = sorted((e["from"], e["to"], e["p"]) for e in data["edges"])
    assert drawn == sorted((u, v, k) for u, v, k in graph.edges(keys=True))


@pytest.mark.parametrize("key", list(THEMES))
def test_theme_pages_draw_their_members(
    key: str, site: dict[str, bytes], graph: nx.MultiDiGraph
) -> None:
    members = theme_members(graph, THEMES[key])
    assert members, f"theme {key} has no entity"
    data = page_graph(site[f"theme/{THEMES[key].slug}.html"])
    drawn = {n["id"] for n in data["nodes"]}
    assert drawn == members
    assert len(data["edges"]) == graph.subgraph(drawn).number_of_edges()


def test_theme_membership_follows_seeds_and_classes(graph: nx.MultiDiGraph) -> None:
    # Every entity stated in a sentence together with a seed is in the theme,
    # and so is every entity of the theme's classes.
    for theme in THEMES.values():
        members = theme_members(graph, theme)
        assert set(theme.seeds) <= members, theme.slug
        for u, v, data in graph.edges(data=True):
            for passage in data["passages"]:
                stated = {
                    n
                    for a, b, d in graph.edges(data=True)
                    if passage in d["passages"]
                    for n in (a, b)
                }
                if stated & set(theme.seeds):
                    assert {u, v} <= members, (theme.slug, u, v, passage)
        for node, data in graph.nodes(data=True):
            if data["type"] in theme.classes:
                assert node in members, (theme.slug, node)


def test_themes_are_data_not_code() -> None:
    from ijgraph.render import themes

    source = Path(themes.__file__).read_text(encoding="utf-8")
    assert "covers_line" not in source and "lines:" not in source
    assert list(THEMES)[:2] == ["economy", "defence-and-security"]  # the file's order
    assert THEMES["economy"].title_ja == "経済"
    assert "MilitaryExercise" in THEMES["defence-and-security"].classes


def test_entity_page_shows_neighbourhood_and_sources(
    site: dict[str, bytes], graph: nx.MultiDiGraph
) -> None:
    for node in sorted(graph.nodes)[:40]:
        local = node.split(":", 1)[1]
        html = site[f"entity/{slug(local)}.html"]
        data = page_graph(html)
        ego = nx.ego_graph(graph, node, undirected=True)
        assert {n["id"] for n in data["nodes"]} == set(ego.nodes)
        assert len(data["edges"]) == ego.number_of_edges()
        text = html.decode()
        degree = (
            graph.in_degree(node)
            + graph.out_degree(node)
            - nx.number_of_selfloops(graph.subgraph([node]))
        )
        assert text.count('class="triple"') == degree
        for _, _, edge in graph.out_edges(node, data=True):
            if edge["quote"]:
                assert _escape(edge["quote"]) in text


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_overview_cap_says_what_it_leaves_out(built: Build, graph: nx.MultiDiGraph) -> None:
    files = render_site(built, max_overview_nodes=25)
    data = page_graph(files["index.html"])
    assert len(data["nodes"]) == 25
    top = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))[:25]
    assert {n["id"] for n in data["nodes"]} == set(top)
    text = files["index.html"].decode()
    left = graph.number_of_nodes() - 25
    left_edges = graph.number_of_edges() - graph.subgraph(top).number_of_edges()
    assert f'data-omitted-nodes="{left}" data-omitted-edges="{left_edges}"' in text
    assert f"Left out: {left} entities and {left_edges} relations" in text
    assert len([p for p in files if p.startswith("entity/")]) == graph.number_of_nodes()


def test_theme_pages_draw_their_most_connected_members_under_the_cap(
    built: Build, graph: nx.MultiDiGraph
) -> None:
    files = render_site(built, max_overview_nodes=10)
    members = theme_members(graph, THEMES["economy"])
    assert len(members) > 10
    page = files[f"theme/{THEMES['economy'].slug}.html"]
    drawn = {n["id"] for n in page_graph(page)["nodes"]}
    assert drawn == set(sorted(members, key=lambda n: (-graph.degree(n), n))[:10])
    left = len(members) - 10
    left_edges = graph.subgraph(members).number_of_edges() - graph.subgraph(drawn).number_of_edges()
    text = page.decode()
    assert f'data-omitted-nodes="{left}" data-omitted-edges="{left_edges}"' in text
    assert f"Left out: {left} entities and {left_edges} relations, all listed below." in text
    assert text.count('<li><svg class="swatch"') == len(members)  # every member is listed


def test_entity_pages_draw_their_most_connected_neighbours_under_the_cap(
    built: Build, graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ijgraph.render.pages.MAX_NEIGHBOURS", 20)
    files = render_site(built)
    linked = (set(graph.successors("ijr:India")) | set(graph.predecessors("ijr:India"))) - {
        "ijr:India"
    }
    assert len(linked) > 20
    page = files["entity/India.html"]
    drawn = {n["id"] for n in page_graph(page)["nodes"]}
    assert drawn == {"ijr:India", *sorted(linked, key=lambda n: (-graph.degree(n), n))[:20]}
    text = page.decode()
    assert f"the 20 most connected of the {len(linked)} entities linked to this one" in text
    relations = len(graph.in_edges("ijr:India")) + len(graph.out_edges("ijr:India"))
    assert f'<span class="count">{relations}</span>' in text  # every statement listed
    small = files["entity/Bodhisena.html"].decode()  # few neighbours: drawn whole, no note
    assert 'id="ijg-omitted"' not in small


def test_extra_pages_are_written_and_linked(built: Build) -> None:
    page = ExtraPage("glossary.html", "Glossary", "用語集", lambda b: "<p>words</p>")
    files = render_site(built, extra_pages={"glossary.html": page})
    assert files["glossary.html"] == b"<p>words</p>"
    assert 'href="glossary.html"' in files["index.html"].decode()
    assert 'href="../glossary.html"' in files["entity/India.html"].decode()
    for top in ("timeline.html", "path.html", "ontology.html"):
        assert f'href="{top}"' in files["index.html"].decode()
        assert f'href="../{top}"' in files["theme/economy.html"].decode()


def test_hostile_text_is_escaped(hostile: dict[str, bytes]) -> None:
    assert "entity/Evil.html" in hostile
    for path, data in hostile.items():
        if path.endswith(".html"):
            text = data.decode()
            assert HOSTILE not in text, path
            assert "<script>alert" not in text, path
            assert "<b>bold" not in text, path
    page = hostile["entity/Evil.html"].decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # In the JSON for the script, "<" is escaped too, so </script> cannot end it early.
    data = page_graph(hostile["entity/Evil.html"])
    assert {n["en"] for n in data["nodes"]} >= {HOSTILE}


def test_file_names_are_safe(hostile: dict[str, bytes]) -> None:
    assert "entity/Odd_5FName.html" in hostile
    for path in hostile:
        assert re.fullmatch(r"[A-Za-z0-9_./-]+", path), path


@pytest.mark.parametrize(
    "name", ["FY2022-23", "Tōdai-ji", "a_b", "a/b", "..", "<x>", "日本", "a b"]
)
def test_slug_is_safe_and_injective(name: str) -> None:
    out = slug(name)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", out)
    others = {
        slug(n)
        for n in ["FY2022-23", "Tōdai-ji", "a_b", "a/b", "..", "<x>", "日本", "a b"]
        if n != name
    }
    assert out not in others
    assert slug("FY2022-23") == "FY2022-23"


def test_cli_render_writes_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "html"
    runner = CliRunner()
    result = runner.invoke(main, ["render", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").exists() and (out / "assets" / "site-core.js").exists()
    check = runner.invoke(main, ["render", "--out", str(out), "--check"])
    assert check.exit_code == 0, check.output
    (out / "index.html").write_text("changed")
    stale = runner.invoke(main, ["render", "--out", str(out), "--check"])
    assert stale.exit_code == 1
    assert "index.html" in stale.output


def test_cli_render_refuses_a_file_as_out(tmp_path: Path) -> None:
    target = tmp_path / "file.html"
    target.write_text("x")
    result = CliRunner().invoke(main, ["render", "--out", str(target)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_render_input_file_renders_a_synthetic_graph(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ijgraph.cli import main

    runner = CliRunner()
    made = runner.invoke(
        main, ["synth", "--triples", "3000", "--seed", "7", "--out", str(tmp_path)]
    )
    assert made.exit_code == 0, made.output
    out = tmp_path / "html"
    result = runner.invoke(
        main,
        [
            "render",
            "--input",
            str(tmp_path / "ijgraph.trig"),
            "--out",
            str(out),
            "--max-overview-nodes",
            "50",
        ],
    )
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="ijg-omitted"' in index  # the capped overview says what it left out
    assert len(list((out / "entity").glob("*.html"))) > 50  # entity pages stay complete
    missing = runner.invoke(main, ["render", "--input", str(tmp_path / "ijgraph.trig")])
    assert missing.exit_code == 2 and "--input needs --out" in missing.output


def test_broken_themes_file_is_a_clear_error(project: Path, tmp_path: Path) -> None:
    themes = project / "graph_data" / "themes.ttl"
    lines = themes.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if "skos:notation" in line)
    lines[broken] = '    skos:notation "economy ; ]'  # a string never closed
    themes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["render", "--root", str(project), "--out", str(tmp_path / "h")]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"themes.ttl:{broken + 1}:" in result.output, result.output
    assert not (tmp_path / "h" / "index.html").exists()


def test_themes_follow_the_root(project: Path, tmp_path: Path) -> None:
    themes = project / "graph_data" / "themes.ttl"
    text = themes.read_text(encoding="utf-8").replace('"Economy"@en', '"Economy and trade"@en')
    themes.write_text(text, encoding="utf-8")
    out = tmp_path / "h"
    result = CliRunner().invoke(main, ["render", "--root", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Economy and trade" in (out / "theme" / "economy.html").read_text(encoding="utf-8")


def _pages_then_fail(count: int) -> Iterator[tuple[str, bytes]]:
    for i in range(count):
        yield f"entity/e{i}.html", b"<p>new</p>"
    raise RuntimeError("the graph broke mid-way")


@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "existing folder"])
def test_render_writes_all_pages_or_none(tmp_path: Path, existing: bool) -> None:
    from ijgraph.cli.render import stage_pages

    target = tmp_path / "html"
    if existing:
        (target / "entity").mkdir(parents=True)
        (target / "entity" / "e0.html").write_bytes(b"<p>old</p>")
    with pytest.raises(RuntimeError, match="mid-way"):
        stage_pages(target, _pages_then_fail(5), write=True)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert left == (["html", "html/entity", "html/entity/e0.html"] if existing else [])
    if existing:
        assert (target / "entity" / "e0.html").read_bytes() == b"<p>old</p>"
    made, stale = stage_pages(
        target, ((f"entity/e{i}.html", b"<p>new</p>") for i in range(5)), write=True
    )
    assert len(made) == len(stale) == 5
    assert {p.read_bytes() for p in (target / "entity").iterdir()} == {b"<p>new</p>"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]  # no staging left behind


def test_templates_read_dict_keys_as_stock_jinja_does() -> None:
    """The pages' environment looks dict keys up first (faster), with Jinja's own results."""
    from jinja2 import Environment

    from ijgraph.render.templating import environment

    source = (
        "{{ d.name }}|{{ d.items()|list|length }}|{{ d.missing }}|{{ d.get('name') }}|{{ o.real }}"
    )
    context = {"d": {"name": "<x>", "items": "a key named like a method"}, "o": 3}
    ours = environment().from_string(source).render(**context)
    assert ours == Environment(autoescape=True).from_string(source).render(**context)
    assert ours == "&lt;x&gt;|2||&lt;x&gt;|3"


def test_tojson_gives_jinjas_text() -> None:
    """The pages' tojson (orjson) writes what Jinja's own filter writes with the same policy
    (but for floats in exponent form, 1e-7 not 1e-07: the same number; pages have none)."""
    from jinja2 import Environment

    from ijgraph.render.templating import environment

    value = {
        "b": [HOSTILE, "It's <b>&</b>", "\u2028\u2029\x7f\x00\x1f\t\n", "日本語 हिन्दी 😀"],
        "a": {
            "z": 1,
            "y": -2.5,
            "x": 12.0,
            "w": None,
            "v": True,
            "u": [0.1, 0.15 + 0.2, 123456789],
        },
    }
    stock = Environment(autoescape=True)
    stock.policies["json.dumps_kwargs"] = environment().policies["json.dumps_kwargs"]
    source = "{{ value|tojson }}"
    ours = environment().from_string(source).render(value=value)
    assert ours == stock.from_string(source).render(value=value)
    assert json.loads(ours) == value
    tiny = environment().from_string(source).render(value=[1e-07, 2.5e20])
    assert json.loads(tiny) == [1e-07, 2.5e20]
