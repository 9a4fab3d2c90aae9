#!/usr/bin/env python3
"""Generates a large, valid Balans scenario/1 file (and optionally a matching preset/1).

Usage: python3 bench/generate_scenario.py N [--seed S] [--out FILE] [--preset FILE]

  N              number of segments (ids s000001, s000002, ...)
  --seed S       random seed (default 1); the same N and seed give the same bytes
  --out FILE     where to write the scenario (default: stdout)
  --preset FILE  also write a preset with a random level 0-5 for every segment and a few
                 exclusions; its `scenario` is the scenario file as a path relative to the
                 preset's folder

The catalogue has 14 categories over all four tiers (one special category, one special
feature); the ladder has 6 levels, each category used once, profiling from level 3,
crossContext 1 at level 4 and 2 at level 5, obtrusive at level 4, uplifts
0 / 1.5 / 3 / 5 / 6.5 / 7.2. Every figure is random and illustrative.
"""
import argparse
import json
import os
import random
import sys

# id, tier, identifiability, origin, extra flags, typical consent as a share of the
# segment's overall willingness
CATEGORIES = [
    ("page-context", "simple", "negligible", "observed", {}, 1.00),
    ("device-type", "simple", "negligible", "observed", {}, 1.00),
    ("coarse-location", "simple", "limited", "observed", {}, 0.97),
    ("contact-details", "simple", "maximum", "declared", {}, 0.92),
    ("age-band", "simple", "limited", "declared", {}, 0.90),
    ("household", "simple", "limited", "declared", {}, 0.80),
    ("browsing-history", "behavioural", "significant", "observed", {}, 0.70),
    ("purchase-history", "behavioural", "significant", "observed", {}, 0.72),
    ("cart-activity", "behavioural", "significant", "observed", {}, 0.65),
    ("precise-location", "behavioural", "significant", "observed", {"specialFeature": True}, 0.30),
    ("life-events", "behavioural", "significant", "inferred", {}, 0.35),
    ("payment-method", "financial", "significant", "observed", {}, 0.40),
    ("spending-capacity", "financial", "significant", "inferred", {}, 0.20),
    ("health-signals", "sensitive", "significant", "inferred", {"special": True}, 0.08),
]

LEVELS = [
    {"name": "Generic", "description": "The same content for everyone.", "uses": [], "uplift": 0},
    {"name": "Contextual", "description": "Fitted to the page, device and city.",
     "uses": ["page-context", "device-type", "coarse-location"], "uplift": 1.5},
    {"name": "Segment", "description": "Audiences from declared data.",
     "uses": ["contact-details", "age-band", "household"], "uplift": 3},
    {"name": "Behavioural", "description": "Recommendations from browsing and purchases.",
     "uses": ["browsing-history", "purchase-history", "cart-activity"], "profiling": True,
     "uplift": 5},
    {"name": "One-to-one", "description": "Real-time triggers linked across devices.",
     "uses": ["precise-location", "life-events", "payment-method"], "crossContext": 1,
     "obtrusive": True, "uplift": 6.5},
    {"name": "Predictive", "description": "Predicted needs from matched data sources.",
     "uses": ["spending-capacity", "health-signals"], "crossContext": 2, "uplift": 7.2},
]

AGE_BANDS = ["13-17", "18-34", "35-49", "50-64", "65+"]
REGIONS = ["north", "central", "south"]


def make_categories():
    categories = []
    for cid, tier, identifiability, origin, flags, _ in CATEGORIES:
        category = {
            "id": cid,
            "name": cid.replace("-", " ").capitalize(),
            "tier": tier,
            "identifiability": identifiability,
            "origin": origin,
        }
        category.update(flags)
        categories.append(category)
    return categories


def make_segment(rng, number):
    if rng.random() < 0.005:
        size = 0
    else:
        size = rng.randint(1, 500000)
    willingness = rng.uniform(0.55, 0.99)
    consent = {}
    for cid, _, _, _, _, typical in CATEGORIES:
        rate = willingness * typical * rng.uniform(0.85, 1.1)
        consent[cid] = round(min(1.0, max(0.0, rate)), 3)
    if rng.random() < 0.01:
        consent["health-signals"] = 0
    minors = rng.random() < 0.03
    # Minors are often vulnerable too (teens in hardship): the combination the vulnerable-band rule
    # once skipped, common enough that every generated file has some.
    vulnerable = rng.random() < (0.3 if minors else 0.05)
    age = "13-17" if minors else rng.choice(AGE_BANDS[1:])
    segment = {
        "id": f"s{number:06d}",
        "name": f"Segment {number}",
        "size": size,
        "consent": consent,
    }
    if minors:
        segment["minors"] = True
    if vulnerable:
        segment["vulnerable"] = True
    segment["groups"] = {"age": age, "region": rng.choice(REGIONS)}
    if rng.random() < 0.10:
        factor = rng.uniform(0.6, 1.4)
        segment["uplift"] = [round(level["uplift"] * factor, 2) for level in LEVELS]
    return segment


def make_scenario(rng, count):
    return {
        "balans": "scenario/1",
        "name": f"Generated {count} segments",
        "description": "Generated by bench/generate_scenario.py for benchmarks; every figure "
                       "is random and illustrative.",
        "categories": make_categories(),
        "levels": LEVELS,
        "segments": [make_segment(rng, n) for n in range(1, count + 1)],
    }


def make_preset(rng, scenario, scenario_path):
    levels = {}
    exclude = {}
    category_ids = [c[0] for c in CATEGORIES]
    for segment in scenario["segments"]:
        levels[segment["id"]] = rng.randint(0, len(LEVELS) - 1)
        if rng.random() < 0.02:
            exclude[segment["id"]] = sorted(rng.sample(category_ids, rng.randint(1, 2)),
                                            key=category_ids.index)
    return {
        "balans": "preset/1",
        "name": f"Random levels ({len(levels)} segments)",
        "scenario": scenario_path,
        "levels": levels,
        "exclude": exclude,
        "notes": "Random levels and exclusions from bench/generate_scenario.py.",
    }


def write_json(document, path):
    """Writes a JSON object with every item of its top-level lists and objects on a line of
    its own: compact, but still readable and diffable."""
    lines = ["{"]
    items = list(document.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f" {json.dumps(key)}: [")
            for m, item in enumerate(value):
                last = "," if m < len(value) - 1 else ""
                lines.append(f"  {json.dumps(item, ensure_ascii=False)}{last}")
            lines.append(f" ]{comma}")
        elif isinstance(value, dict) and value:
            lines.append(f" {json.dumps(key)}: {{")
            members = list(value.items())
            for m, (k, v) in enumerate(members):
                last = "," if m < len(members) - 1 else ""
                lines.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}{last}")
            lines.append(f" }}{comma}")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    if path is None:
        sys.stdout.write(text)
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    parser = argparse.ArgumentParser(description="Generate a large Balans scenario.")
    parser.add_argument("count", type=int, metavar="N", help="number of segments")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="scenario file (default: stdout)")
    parser.add_argument("--preset", help="also write a matching preset with random levels")
    args = parser.parse_args()
    if args.count < 0:
        parser.error("N must be 0 or more")

    rng = random.Random(args.seed)
    scenario = make_scenario(rng, args.count)
    write_json(scenario, args.out)
    if args.preset:
        if args.out:
            scenario_path = os.path.relpath(os.path.abspath(args.out),
                                            os.path.dirname(os.path.abspath(args.preset)))
        else:
            scenario_path = "scenario.json"
        preset = make_preset(rng, scenario, scenario_path)
        write_json(preset, args.preset)


if __name__ == "__main__":
    main()
