#!/usr/bin/env python3
"""Plain-Python reference implementation of the Balans model (SPEC.md §1.4-§1.9).

Usage: python3 bench/reference_score.py SCENARIO.json [PRESET.json]

Prints the `balans score --format json` document of SPEC §3 for the scenario, with the
segments at the preset's levels (all at level 0 without a preset). The preset's own
`scenario` field is ignored: the scenario is always the first argument.

This is the "plain Python implementation of the same model reading the same file" that
SPEC §5 compares `balans score` with, and an independent oracle for the Swift numbers.
It is deliberately ordinary Python (standard library only, no validation beyond what the
computation needs). The project decisions it follows:
  - `dpia` counts a segment only when its chosen level touches data (docs/decisions/0002);
  - the flags of a level with empty T never apply, for the score and for every rule;
  - violations are listed in the rule order of the SPEC §1.9 table, then by segment in file
    order or by attribute in order of first appearance;
  - `touches` lists category ids in catalogue order.
"""
import json
import sys

TIER = {"simple": 1, "behavioural": 2, "financial": 3, "sensitive": 4}
IDENTIFIABILITY = {"negligible": 0.25, "limited": 0.5, "significant": 0.75, "maximum": 1.0}
BANDS = ["low", "medium", "high", "very-high"]

DEFAULT_WEIGHTS = {
    "origin": {"declared": 0.0, "observed": 0.25, "inferred": 0.5},
    "specialFeature": 0.25,
    "crossContext": 0.25,
    "obtrusive": 0.25,
    "vulnerable": 0.5,
    "profilingBoost": 1.0,
}

RULE_ORDER = [
    "max-band", "max-intrusiveness", "minors-profiling", "vulnerable-band",
    "special-category", "no-reach", "uplift-parity", "exposure-parity", "dpia",
]

DEFAULT_POLICY = {
    "max-band": {"severity": "error", "maxBand": "high"},
    "max-intrusiveness": {"severity": "error", "maxIntrusiveness": None},
    "minors-profiling": {"severity": "error"},
    "vulnerable-band": {"severity": "error", "vulnerableMaxBand": "medium"},
    "special-category": {"severity": "warning"},
    "no-reach": {"severity": "warning"},
    "uplift-parity": {"severity": "warning", "minParity": 0.8},
    "exposure-parity": {"severity": "info", "minParity": 0.8},
    "dpia": {"severity": "info", "largeScale": 100000},
}


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def merge_weights(overrides):
    weights = {key: (dict(value) if isinstance(value, dict) else value)
               for key, value in DEFAULT_WEIGHTS.items()}
    for key, value in (overrides or {}).items():
        if key == "origin":
            weights["origin"].update(value)
        else:
            weights[key] = value
    return weights


def merge_policy(policy):
    rules = {rule: dict(settings) for rule, settings in DEFAULT_POLICY.items()}
    if policy:
        for rule, settings in policy.get("rules", {}).items():
            rules[rule].update(settings)
    return rules


def band_of_intensity(i):
    if i < 2:
        return "low"
    if i < 3:
        return "medium"
    if i < 4:
        return "high"
    return "very-high"


def band_of_score(score):
    if score < 100 / 3:
        return "low"
    if score < 50:
        return "medium"
    if score < 200 / 3:
        return "high"
    return "very-high"


def ratio(rates):
    if len(rates) < 2:
        return 1.0
    highest = max(rates)
    if highest == 0:
        return 1.0
    return min(rates) / highest


class Ladder:
    """The cumulative data and inherited flags of each level."""

    def __init__(self, scenario):
        self.categories = scenario["categories"]
        self.position = {c["id"]: n for n, c in enumerate(self.categories)}
        self.by_id = {c["id"]: c for c in self.categories}
        self.levels = scenario["levels"]
        self.touched = []      # category ids touched at each level, before exclusions
        self.profiling = []
        self.cross_context = []
        self.obtrusive = []
        self.uplift = []
        touched = []
        profiling = False
        cross_context = 0
        obtrusive = False
        for level in self.levels:
            touched = touched + list(level.get("uses", []))
            profiling = profiling or level.get("profiling", False)
            cross_context = max(cross_context, level.get("crossContext", 0))
            obtrusive = obtrusive or level.get("obtrusive", False)
            self.touched.append(touched)
            self.profiling.append(profiling)
            self.cross_context.append(cross_context)
            self.obtrusive.append(obtrusive)
            self.uplift.append(level.get("uplift", 0))


class LevelResult:
    def __init__(self, touches, intensity, score, band, reach, profiling, cross_context,
                 obtrusive):
        self.touches = touches
        self.intensity = intensity
        self.score = score
        self.band = band
        self.reach = reach
        self.profiling = profiling
        self.cross_context = cross_context
        self.obtrusive = obtrusive


def score_level(ladder, weights, segment, k, excluded):
    """SPEC §1.5: the score of one segment at level k."""
    touches = [cid for cid in ladder.touched[k] if cid not in excluded]
    if not touches:
        return LevelResult([], 0.0, 0.0, "low", 1.0, False, 0, False)
    categories = [ladder.by_id[cid] for cid in touches]
    profiling = ladder.profiling[k]
    cross_context = ladder.cross_context[k]
    obtrusive = ladder.obtrusive[k]

    dpc = max(TIER[c["tier"]] for c in categories)
    if profiling:
        dpc = min(4, dpc + weights["profilingBoost"])
    ei = max(IDENTIFIABILITY[c["identifiability"]] for c in categories)
    m = max(weights["origin"][c.get("origin", "observed")] for c in categories)
    if any(c.get("specialFeature", False) for c in categories):
        m += weights["specialFeature"]
    m += weights["crossContext"] * cross_context
    if obtrusive:
        m += weights["obtrusive"]
    if segment.get("minors", False) or segment.get("vulnerable", False):
        m += weights["vulnerable"]
    intensity = dpc * ei + m
    score = 100 * min(intensity, 6) / 6

    consent = segment.get("consent", {})
    reach = min(consent.get(cid, 0) for cid in touches)
    touches.sort(key=lambda cid: ladder.position[cid])
    return LevelResult(touches, intensity, score, band_of_intensity(intensity), reach,
                       profiling, cross_context, obtrusive)


def evaluate_segment(ladder, weights, segment, level, excluded):
    """SPEC §1.6: the cascade of a segment at its chosen level."""
    results = [score_level(ladder, weights, segment, k, excluded) for k in range(level + 1)]
    uplifts = segment.get("uplift") or ladder.uplift

    cascade = [{"level": -1, "share": 1 - results[0].reach}]
    for k in range(level):
        cascade.append({"level": k, "share": results[k].reach - results[k + 1].reach})
    cascade.append({"level": level, "share": results[level].reach})

    exposure = 0.0
    effective_uplift = 0.0
    for entry in cascade[1:]:
        k = entry["level"]
        exposure += entry["share"] * results[k].score
        # A level that touches no data counts as generic (decision 0007): level 0's uplift.
        effective_uplift += entry["share"] * uplifts[k if results[k].touches else 0]

    chosen = results[level]
    row = {
        "id": segment["id"],
        "level": level,
        "score": chosen.score,
        "band": chosen.band,
        "reach": chosen.reach,
        "exposure": exposure,
        "effectiveUplift": effective_uplift,
        "value": segment["size"] * effective_uplift / 100,
        "touches": chosen.touches,
        "cascade": cascade,
    }
    return row, chosen


def fairness(segments, rows):
    # attribute -> {value: [size, sum of size*uplift, sum of size*exposure]}; dicts keep the
    # order of first appearance in the file. Values that only size-0 segments have are
    # dropped below.
    attributes = {}
    for segment, row in zip(segments, rows):
        size = segment["size"]
        for attribute, value in segment.get("groups", {}).items():
            totals = attributes.setdefault(attribute, {}).setdefault(value, [0, 0.0, 0.0])
            totals[0] += size
            totals[1] += size * row["effectiveUplift"]
            totals[2] += size * row["exposure"]

    report = []
    for attribute, values in attributes.items():
        groups = []
        for value, (size, uplift_sum, exposure_sum) in values.items():
            if size == 0:
                continue
            groups.append({
                "value": value,
                "size": size,
                "upliftRate": uplift_sum / size,
                "exposureRate": exposure_sum / size,
            })
        report.append({
            "attribute": attribute,
            "upliftParity": ratio([g["upliftRate"] for g in groups]),
            "exposureParity": ratio([g["exposureRate"] for g in groups]),
            "groups": groups,
        })
    return report


def check_policy(rules, segments, rows, chosen_levels, categories_by_id, intrusiveness,
                 fairness_report):
    """SPEC §1.9, with violations in the order of the rule table."""
    found = {rule: [] for rule in RULE_ORDER}

    def add(rule, message, segment=None, attribute=None):
        severity = rules[rule]["severity"]
        if severity == "off":
            return
        violation = {"rule": rule, "severity": severity}
        if segment is not None:
            violation["segment"] = segment
        if attribute is not None:
            violation["attribute"] = attribute
        violation["message"] = message
        found[rule].append(violation)

    max_band = BANDS.index(rules["max-band"]["maxBand"])
    vulnerable_max_band = BANDS.index(rules["vulnerable-band"]["vulnerableMaxBand"])
    large_scale = rules["dpia"]["largeScale"]

    for segment, row, chosen in zip(segments, rows, chosen_levels):
        sid = segment["id"]
        band = BANDS.index(chosen.band)
        minors = segment.get("minors", False)
        vulnerable = segment.get("vulnerable", False)
        special = any(categories_by_id[cid].get("special", False) for cid in chosen.touches)

        if band > max_band:
            add("max-band", f"{sid}: band {chosen.band} is above {rules['max-band']['maxBand']}",
                segment=sid)
        if minors and chosen.profiling:
            add("minors-profiling", f"{sid}: profiling a segment that may contain minors",
                segment=sid)
        if vulnerable and band > vulnerable_max_band:  # minors too (SPEC §1.9)
            add("vulnerable-band",
                f"{sid}: vulnerable segment at band {chosen.band}, above "
                f"{rules['vulnerable-band']['vulnerableMaxBand']}", segment=sid)
        if special:
            add("special-category", f"{sid}: level touches a special category (GDPR Art. 9)",
                segment=sid)
        if row["level"] > 0 and chosen.reach == 0:
            add("no-reach", f"{sid}: nobody has consented to level {row['level']}", segment=sid)
        if chosen.touches:
            criteria = 0
            if chosen.profiling:
                criteria += 1
            if special:
                criteria += 1
            if segment["size"] >= large_scale:
                criteria += 1
            if chosen.cross_context >= 1:
                criteria += 1
            if minors or vulnerable:
                criteria += 1
            if criteria >= 2:
                add("dpia", f"{sid}: meets {criteria} DPIA criteria (WP248)", segment=sid)

    limit = rules["max-intrusiveness"]["maxIntrusiveness"]
    if limit is not None and intrusiveness > limit:
        add("max-intrusiveness", f"aggregate intrusiveness {intrusiveness:.1f} is above {limit}")

    for entry in fairness_report:
        attribute = entry["attribute"]
        if entry["upliftParity"] < rules["uplift-parity"]["minParity"]:
            add("uplift-parity", f"uplift parity {entry['upliftParity']:.2f} across {attribute}",
                attribute=attribute)
        if entry["exposureParity"] < rules["exposure-parity"]["minParity"]:
            add("exposure-parity",
                f"exposure parity {entry['exposureParity']:.2f} across {attribute}",
                attribute=attribute)

    violations = []
    for rule in RULE_ORDER:
        violations.extend(found[rule])
    return violations


def score(scenario, preset):
    ladder = Ladder(scenario)
    weights = merge_weights(scenario.get("weights"))
    rules = merge_policy(scenario.get("policy"))
    levels = preset.get("levels", {}) if preset else {}
    exclusions = preset.get("exclude", {}) if preset else {}
    segments = scenario["segments"]

    rows = []
    chosen_levels = []
    for segment in segments:
        level = levels.get(segment["id"], 0)
        excluded = set(exclusions.get(segment["id"], []))
        row, chosen = evaluate_segment(ladder, weights, segment, level, excluded)
        rows.append(row)
        chosen_levels.append(chosen)

    total = sum(segment["size"] for segment in segments)
    if total > 0:
        intrusiveness = sum(s["size"] * r["exposure"] for s, r in zip(segments, rows)) / total
        uplift = sum(s["size"] * r["effectiveUplift"] for s, r in zip(segments, rows)) / total
    else:
        intrusiveness = 0.0
        uplift = 0.0
    value = sum(row["value"] for row in rows)

    peak = None
    for row in rows:
        if peak is None or row["score"] > peak["score"]:
            peak = {"segment": row["id"], "score": row["score"]}

    fairness_report = fairness(segments, rows)
    violations = check_policy(rules, segments, rows, chosen_levels, ladder.by_id,
                              intrusiveness, fairness_report)
    return {
        "scenario": scenario["name"],
        "preset": preset["name"] if preset else None,
        "aggregate": {
            "intrusiveness": intrusiveness,
            "band": band_of_score(intrusiveness),
            "uplift": uplift,
            "value": value,
            "peak": peak,
        },
        "segments": rows,
        "fairness": fairness_report,
        "violations": violations,
    }


def main(argv):
    if len(argv) not in (2, 3):
        print("usage: reference_score.py SCENARIO.json [PRESET.json]", file=sys.stderr)
        return 64
    scenario = load_json(argv[1])
    preset = load_json(argv[2]) if len(argv) == 3 else None
    sys.stdout.write(json.dumps(score(scenario, preset)))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
