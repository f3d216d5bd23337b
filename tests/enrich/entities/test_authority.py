from __future__ import annotations

from pathlib import Path

import pytest

from dossier.enrich.entities.authority import (
    entity_id,
    fold,
    load_authority,
    split_person_name,
)
from dossier.errors import ConfigError


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lüshun", "Lushun"),
        ("LÜSHUN", "lushun"),
        ("Chiang Kai-shek", "Chiang Kaishek"),
        ("Mel'nikov", "Melnikov"),
        ("A.M. Penionozhko", "A. M. Penionozhko"),
        ("Khrushchev,  Nikita", "Khrushchev Nikita"),
    ],
)
def test_fold_makes_spelling_variants_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("Dalian", "Dalny"), ("Kovalev", "Kovalevs")])
def test_fold_keeps_different_names_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


def test_entity_ids_are_stable_slugs() -> None:
    assert entity_id("person", "Nikita Khrushchev") == "person:nikita-khrushchev"
    assert entity_id("place", "Lüshun") == "place:lushun"


@pytest.mark.parametrize(
    ("name", "eastern", "given", "surname"),
    [
        ("Nikita S. Khrushchev", False, ["Nikita", "S."], "Khrushchev"),
        ("A.M. Penionozhko", False, ["A.", "M."], "Penionozhko"),
        ("Zhou Enlai", True, ["Enlai"], "Zhou"),
    ],
)
def test_split_person_name(name: str, eastern: bool, given: list[str], surname: str) -> None:
    assert split_person_name(name, eastern=eastern) == (given, surname)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Port Arthur", "place:port-arthur"),
        ("Lüshun", "place:port-arthur"),
        ("Lushun", "place:port-arthur"),
        ("Ryojun", "place:port-arthur"),
        ("Dairen", "place:dalian"),
        ("Darien", "place:dalian"),
        ("Dalny", "place:dalian"),
        ("Peiping", "place:beijing"),
        ("Mukden", "place:shenyang"),
        ("Tsingtao", "place:qingdao"),
        ("Formosa", "place:taiwan"),
        ("Xinxibo", "place:xibaipo"),
        ("CPR", "place:peoples-republic-of-china"),
        ("Guomindang", "organisation:kuomintang"),
        ("Mao Tse-tung", "person:mao-zedong"),
        ("Chiang Kaishek", "person:chiang-kai-shek"),
        ("Khrushchev, Nikita Sergeevich", "person:nikita-khrushchev"),
    ],
)
def test_builtin_aliases(name: str, expected: str) -> None:
    refs = load_authority().lookup(name)
    assert refs and refs[0].entity == expected


def test_builtin_aliases_carry_language_script_and_period() -> None:
    entity = load_authority().get("place:port-arthur")
    assert entity is not None and entity.ids["geonames"] == "1801722"
    ryojun = next(a for a in entity.aliases if a.name == "Ryojun")
    assert (ryojun.lang, ryojun.valid_from, ryojun.valid_to) == ("ja", 1905, 1945)
    cyrillic = next(a for a in entity.aliases if a.name == "Порт-Артур")
    assert cyrillic.script == "Cyrl"


def test_two_kovalevs_share_a_surname_but_not_an_entity() -> None:
    refs = load_authority().lookup("Kovalev")
    assert {r.entity for r in refs} == {"person:ivan-kovalev", "person:evgenii-kovalev"}
    assert all(r.kind == "surname" for r in refs)


def test_users_add_records_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "entities:\n"
        "  - id: person:olga-brandt\n"
        "    type: person\n"
        "    name: Olga Brandt\n"
        "    aliases: [{name: O. Brandt, lang: de, from: 1930, to: 1950}]\n"
        "    ids: {wikidata: Q1}\n",
        "utf-8",
    )
    index = load_authority([path])
    assert index.lookup("O. Brandt")[0].entity == "person:olga-brandt"
    assert "place:port-arthur" in index


def test_users_add_records_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text(
        "id,type,name,aliases,geonames,lat,lon,note\n"
        "place:vellmar-harbour,place,Vellmar Harbour,Vellmar;Port Vell,123,10.5,20.25,invented\n",
        "utf-8",
    )
    index = load_authority([path], builtin=False)
    entity = index.get("place:vellmar-harbour")
    assert entity is not None
    assert entity.coordinates == (10.5, 20.25) and entity.ids == {"geonames": "123"}
    assert index.lookup("Port Vell")[0].entity == entity.id
    assert len(index) == 1


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("- {id: person:x, type: robot, name: X}", "type 'robot'"),
        ("- {id: place:x, type: person, name: X}", "must look like"),
        ("- {id: person:x, type: person}", "name is missing"),
        ("- {type: place, name: X, aliases: [{name: Y, from: 1950, to: 1940}]}", "from 1950"),
        ("- {type: place, name: X, colour: red}", "unknown keys"),
        ("- {type: place, name: X, coordinates: [200, 5]}", "out of range"),
        ("- {type: place, name: X}\n- {type: place, name: X}", "duplicate id"),
    ],
)
def test_invalid_records_name_file_and_record(tmp_path: Path, record: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(record, "utf-8")
    with pytest.raises(ConfigError) as err:
        load_authority([path], builtin=False)
    assert str(path) in str(err.value) and "record" in str(err.value)
    assert message in str(err.value)


def test_broken_yaml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("entities: [", "utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yaml"):
        load_authority([path])
