#!/bin/sh
# consent tcf on Apache Spark, local mode (docs/scale.md, decision 0037): a venv with pyspark
# (downloaded from PyPI, ~450 MB: not in CI), the release binary, then bench/spark_count.py with
# any options it takes (--records N, --partitions P, --bad-every K, --input FILE, --scenario S …).
#   bench/spark.sh [OPTIONS]
set -eu
cd "$(dirname "$0")/.."
venv=${BALANS_SPARK_VENV:-.venv}
version=${PYSPARK_VERSION:-4.3.0}  # the version of the measured run in docs/scale.md
command -v java >/dev/null 2>&1 || { echo "spark.sh: Spark needs a Java runtime, 17 or later (Debian: apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import pyspark' 2>/dev/null || "$venv/bin/pip" install "pyspark==$version"
bin=.build/release/balans
[ -x "$bin" ] || swift build -c release --product balans
exec "$venv/bin/python" bench/spark_count.py --balans "$bin" "$@"
