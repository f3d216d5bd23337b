"""A generator of realistic synthetic documents (telegrams and memoir-like prose with names,
places, dates, quotations, quantities and footnotes) of any size, for benchmarks and soak tests."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

__all__ = ["generate", "telegram"]

PLACES = [
    "Port Arthur",
    "Dairen",
    "Mukden",
    "Harbin",
    "Changchun",
    "Peking",
    "Tsingtao",
    "Nanking",
    "Shanghai",
    "Vladivostok",
    "Moscow",
    "Lüshun",
    "Dalian",
    "Canton",
]
PEOPLE = [
    "Ambassador Harlan",
    "General Petrovsky",
    "Minister Tsao",
    "Consul Whitmore",
    "Marshal Orlenko",
    "Secretary Danforth",
    "Comrade Lebedev",
    "Mr. Kwan",
]
VERBS = ["visited", "left", "reached", "inspected", "described", "reported on"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _sentence(rng: random.Random) -> str:
    who, where = rng.choice(PEOPLE), rng.choice(PLACES)
    when = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(1945, 1955)}"
    kind = rng.randrange(4)
    if kind == 0:
        return f"On {when} {who} {rng.choice(VERBS)} {where}."
    if kind == 1:
        return (
            f"{who} said that {rng.randint(2, 90)} ships and {rng.randint(100, 9000)} "
            f"troops remained at {where}."
        )
    if kind == 2:
        return f"“We shall not leave {where} before the treaty expires,” {who} declared."
    return f"The agreement on {where} was to last {rng.randint(2, 30)} years [sic]."


def telegram(rng: random.Random, number: int, paragraphs: int = 4) -> str:
    """One document with a title line, a few paragraphs and a footnote."""
    body = [" ".join(_sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(paragraphs)]
    title = f"Telegram {number}: {rng.choice(PEOPLE)} to the Department"
    note = f"- Footnote: file {rng.randint(100, 999)}.{rng.randint(10, 99)}/{number}.↩"
    return "\n\n".join([title, *body, note]) + "\n"


def generate(root: Path, documents: int, seed: int = 1, paragraphs: int = 4) -> int:
    """Write ``documents`` files under ``root``; returns the number of words written."""
    rng = random.Random(seed)
    words = 0
    for i in range(documents):
        folder = root / f"{i // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = telegram(rng, i, paragraphs)
        words += len(text.split())
        (folder / f"t{i:07d}.txt").write_text(text, encoding="utf-8")
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{generate(args.root, args.documents, args.seed)} words")


if __name__ == "__main__":
    main()
