"""Generated inputs of any size for the benchmarks (deterministic: a seed, no clock).

* :func:`criteria_data`: a criteria set with ``leaves`` tiêu chí thành phần (areas of 10 tiêu
  chí of 4 components), names made of words of the shipped set's names, maxima that add up;
* :func:`edited_criteria`: the "next year's" version of such a set: some names edited by a word,
  some items renumbered by a component inserted at the front of their tiêu chí, some removed,
  some maxima and steps changed: what ``criteria diff`` has to find;
* :func:`write_dossier`: a dossier folder on a criteria set file with ``divisions`` divisions
  sharing its leaves, every leaf answered, ``files`` small evidence files.

Nothing here is official: the names are random phrases of Vietnamese words.
"""

from __future__ import annotations

import copy
import random
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from parcli.resources import shipped_criteria

PER_CRITERION = 4
PER_AREA = 10


def vocabulary() -> list[str]:
    raw = yaml.safe_load(shipped_criteria()["par-tinh-876-minh-hoa"].read_text(encoding="utf-8"))
    words: set[str] = set()
    for area in raw["areas"]:
        words.update(re.findall(r"\w+", area["name"].lower()))
        for crit in area["criteria"]:
            words.update(re.findall(r"\w+", crit["name"].lower()))
            for comp in crit.get("components") or []:
                words.update(re.findall(r"\w+", comp["name"].lower()))
    return sorted(words)


def _names(rng: random.Random, words: list[str], count: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        name = " ".join(rng.choice(words) for _ in range(rng.randint(6, 12)))
        if name not in seen:
            seen.add(name)
            out.append(name[0].upper() + name[1:])
    return out


def criteria_data(leaves: int, seed: int = 0, set_id: str = "bo-thu") -> dict[str, Any]:
    """A valid criteria set (sums add up) with ``leaves`` components."""
    rng = random.Random(seed)
    words = vocabulary()
    criteria_count = -(-leaves // PER_CRITERION)
    names = iter(_names(rng, words, leaves + criteria_count + criteria_count // PER_AREA + 1))
    areas: list[dict[str, Any]] = []
    left = leaves
    c_index = 0
    while left > 0:
        a = len(areas) + 1
        area: dict[str, Any] = {"code": str(a), "name": next(names), "criteria": []}
        for c in range(1, PER_AREA + 1):
            if left <= 0:
                break
            n = min(PER_CRITERION, left)
            left -= n
            c_index += 1
            comps = [
                {
                    "code": f"{a}.{c}.{k}",
                    "name": next(names),
                    "max_score": Decimal("0.5") if k % 2 else Decimal(1),
                    "step": Decimal("0.25"),
                    "rule": f"Đạt đủ: điểm tối đa; đạt một phần: một nửa (mục {a}.{c}.{k}).",
                }
                for k in range(1, n + 1)
            ]
            area["criteria"].append(
                {"code": f"{a}.{c}", "name": next(names), "max_score": 0, "components": comps}
            )
        areas.append(area)
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": set_id,
        "title": f"Bộ tiêu chí thử tải ({leaves} tiêu chí thành phần, minh họa)",
        "status": "illustrative",
        "level": "sở",
        "source": {"decision": "0/QĐ-THU", "issuer": "Thử tải"},
        "max_total": 0,
        "appraisal_max": 0,
        "survey_max": 0,
        "areas": areas,
    }
    resum(data)
    return data


def resum(data: dict[str, Any]) -> None:
    """Set every criterion, area and the set's maxima to the sums below them."""
    total = Decimal(0)
    for area in data["areas"]:
        area_sum = Decimal(0)
        for crit in area["criteria"]:
            if crit.get("components"):
                crit["max_score"] = sum(Decimal(k["max_score"]) for k in crit["components"])
            area_sum += Decimal(crit["max_score"])
        area["max_score"] = area_sum
        total += area_sum
    data["max_total"] = data["appraisal_max"] = total
    counts = (
        len(data["areas"]),
        sum(len(a["criteria"]) for a in data["areas"]),
        sum(len(c.get("components") or []) for a in data["areas"] for c in a["criteria"]),
    )
    data["expected"] = dict(zip(("areas", "criteria", "components"), counts, strict=True))


def edited_criteria(data: dict[str, Any], seed: int = 1) -> dict[str, Any]:
    """Next year's version: about 5 % of the names edited by one word, a component inserted at
    the front of 2 % of the tiêu chí (renumbering the others), 3 % of the components removed,
    3 % with another maximum, 2 % with another step."""
    rng = random.Random(seed)
    words = vocabulary()
    new = copy.deepcopy(data)
    new["id"] = f"{data['id']}-moi"
    fresh = iter(_names(random.Random(seed + 1000), words, len(new["areas"]) * PER_AREA + 10))
    for area in new["areas"]:
        for crit in area["criteria"]:
            comps = crit["components"]
            for comp in comps:
                roll = rng.random()
                if roll < 0.05:
                    parts = comp["name"].split()
                    if rng.random() < 0.5 and len(parts) > 6:
                        del parts[rng.randrange(1, len(parts))]
                    else:
                        parts.insert(rng.randrange(1, len(parts) + 1), rng.choice(words))
                    comp["name"] = " ".join(parts)
                elif roll < 0.08:
                    comp["max_score"] = Decimal("0.75")
                elif roll < 0.10:
                    comp["step"] = Decimal("0.5")
            comps[:] = [c for c in comps if rng.random() >= 0.03] or comps[:1]
            if rng.random() < 0.02:
                comps.insert(0, {"code": "", "name": next(fresh), "max_score": Decimal("0.5")})
            prefix = crit["code"]
            for k, comp in enumerate(comps, start=1):
                comp["code"] = f"{prefix}.{k}"
    resum(new)
    return new


def dump(data: dict[str, Any]) -> str:
    """YAML of a criteria set as parcli reads it (codes quoted, decimals as written)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False, width=200)


def leaf_codes(data: dict[str, Any]) -> list[str]:
    return [
        str(node["code"])
        for area in data["areas"]
        for crit in area["criteria"]
        for node in (crit.get("components") or [crit])
        if node.get("method", "appraisal") == "appraisal"
    ]


def write_dossier(
    root: Path,
    *,
    divisions: int,
    files: int,
    criteria: str = "par-tinh-876-minh-hoa",
    leaves: list[str] | None = None,
) -> list[str]:
    """A dossier in ``root`` (created); returns the evidence paths written.

    ``criteria`` is a shipped set id or a file name inside ``root`` (written by the caller);
    ``leaves`` its appraisal leaf codes (default: those of the shipped set).
    """
    if leaves is None:
        path = shipped_criteria()[criteria]
        leaves = leaf_codes(yaml.safe_load(path.read_text(encoding="utf-8")))
    ids = [f"don-vi-{i:03d}" for i in range(divisions)]
    owner = {leaf: ids[i % divisions] for i, leaf in enumerate(leaves)}
    evidence: dict[str, list[str]] = {leaf: [] for leaf in leaves}
    (root / "evidence").mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(files):
        leaf = leaves[n % len(leaves)]
        rel = f"evidence/{owner[leaf]}/{leaf}/tai-lieu-{n:05d}.pdf"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"%PDF-1.4\n" + str(n).encode())
        evidence[leaf].append(rel)
        paths.append(rel)
    lines = [
        "agency: {name: 'Sở Thử tải', parent: 'UBND TỈNH LÀO CAI', abbreviation: STT}",
        "place: Lào Cai",
        "year: 2023",
        f"criteria: {criteria}",
        "window: {start: 01/12/2023, end: 25/12/2023}",
        "submit_before: 05/01/2024",
        "divisions:",
    ]
    lines += [f"  - {{id: {i}, name: 'Đơn vị {i}'}}" for i in ids]
    lines.append("assignments:")
    mine: dict[str, list[str]] = {i: [] for i in ids}
    for leaf in leaves:
        mine[owner[leaf]].append(leaf)
    for i in ids:
        quoted = ", ".join(f'"{leaf}"' for leaf in mine[i])
        lines.append(f"  {i}: [{quoted}]")
    (root / "dossier.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "divisions").mkdir(exist_ok=True)
    for i in ids:
        out = [f"division: {i}", "answers:"]
        for leaf in mine[i]:
            out += [f'  "{leaf}":', "    score: 0.25", "    updated: 20/12/2023", "    evidence:"]
            for rel in evidence[leaf]:
                out += [
                    f"      - path: {rel}",
                    "        number: '12/KH-STT'",
                    "        issued: 15/06/2023",
                    "        title: 'Tài liệu kiểm chứng'",
                ]
        (root / "divisions" / f"{i}.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return paths
