"""Reads norm-run's --benchmark-format=json output (argv[1]), checks it is one
JSON document in Google Benchmark's schema with argv[2] repetitions and
argv[3] bytes per call, and prints its records one a line for FileCheck."""
import json
import sys

with open(sys.argv[1]) as f:
    doc = json.load(f)
repetitions, nbytes = int(sys.argv[2]), int(sys.argv[3])
context = doc["context"]
for key in ("date", "host_name", "num_cpus", "library_build_type"):
    assert key in context, key
print("context: executable=%s function=%s bytes_per_call=%d"
      % (context["executable"], context["function"], context["bytes_per_call"]))
stats = {}
for record in doc["benchmarks"]:
    for key in ("real_time", "cpu_time", "iterations", "threads", "run_name"):
        assert key in record, key
    assert record["real_time"] >= 0 and record["cpu_time"] >= 0
    assert record["repetitions"] == repetitions
    stats[record["aggregate_name"]] = record["real_time"]
    if record["aggregate_name"] != "stddev":
        rate = nbytes / (record["real_time"] * 1e-3) if record["real_time"] else 0
        assert abs(record.get("bytes_per_second", 0) - rate) <= 1e-6 * rate + 1e-9
    print("%s %s %s %s repetitions=%d" % (
        record["name"], record["run_type"], record["aggregate_name"],
        record["time_unit"], record["repetitions"]))
assert stats["min"] <= stats["median"] <= stats["max"]
assert stats["min"] <= stats["mean"] <= stats["max"]
print("ordered")
