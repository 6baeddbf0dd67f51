#!/bin/sh
# Training set: 8 shards x 500 tiles of 384x384 (30% hazard-free), seeds 1000..1007, two shards at a time.
cd "$(dirname "$0")/../.."
for half in 0 1; do
  (
    for k in $(seq $half 2 7); do
      d=models/training/data/train/shard$k
      [ -f $d/labels.json ] && continue
      /usr/bin/python3 models/training/make_dataset.py --seed $((1000 + k)) --count 500 --width 384 --height 384 \
        --negatives 0.3 --out $d
    done
  ) &
done
wait
