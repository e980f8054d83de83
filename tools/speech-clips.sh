#!/usr/bin/env bash
# Synthetic speech for RECOMBINER's audio models and benchmark (no audio is committed to the repository).
# Writes espeak-ng sentences as WAV files: 12 for training (train/) and 4 for testing (test/), in several English
# voices, speeds and pitches; test/ also gets two recordings of a human voice from Debian's alsa-utils when present.
# The command-line tool resamples every file to the model's rate (16 kHz) and cuts it into one-second clips.
# Usage: tools/speech-clips.sh OUTDIR      (needs espeak-ng: apt-get install espeak-ng)
set -euo pipefail
out="${1:?usage: $0 OUTDIR}"
command -v espeak-ng >/dev/null || { echo "espeak-ng is not installed (apt-get install espeak-ng)" >&2; exit 1; }
mkdir -p "$out/train" "$out/test"
voices=(en-gb en-us en-gb-scotland en-gb-x-rp en-us+f3 en-gb+m3 en-us+f2 en-gb-x-gbclan)
train=(
  "The kettle on the stove began to whistle just as the morning post arrived at the door."
  "Seven small boats drifted past the harbour wall while the gulls argued over scraps of bread."
  "Please remember to close the garden gate, because the neighbour's dog has learned to open it."
  "A quiet library in winter smells of old paper, wet wool and the radiator by the window."
  "The train to the coast leaves at twenty past nine and stops at every village on the way."
  "She measured the flour twice, forgot the salt, and still the loaf came out of the oven golden."
  "Thunder rolled across the valley long before the first heavy drops of rain reached the town."
  "Our team counted birds along the river for three hours and found more herons than expected."
  "The old clock in the hallway runs four minutes fast, and nobody has ever tried to fix it."
  "If the bridge is closed tomorrow, we will take the ferry and walk the last mile to the farm."
  "Bright lanterns hung from every balcony on the night of the festival, swaying in the breeze."
  "He tuned the violin slowly, string by string, while the audience found their seats."
)
test=(
  "Fresh snow covered the car park, and the first footprints led straight to the bakery."
  "The museum keeps a map of the city drawn by hand more than two hundred years ago."
  "When the lights went out, the children told stories until the power came back at midnight."
  "A narrow path climbs through the pine forest to a lake that stays cold all summer."
)
for i in "${!train[@]}"; do
  v=${voices[$((i % ${#voices[@]}))]}
  espeak-ng -v "$v" -s $((140 + 7 * i)) -p $((35 + 3 * i)) -w "$out/train/s$(printf %02d $((i + 1))).wav" "${train[$i]}"
done
for i in "${!test[@]}"; do
  v=${voices[$(((i + 3) % ${#voices[@]}))]}
  espeak-ng -v "$v" -s $((150 + 9 * i)) -p $((40 + 4 * i)) -w "$out/test/t$(printf %02d $((i + 1))).wav" "${test[$i]}"
done
alsa=/usr/share/sounds/alsa
[ -f "$alsa/Front_Center.wav" ] && cp "$alsa/Front_Center.wav" "$out/test/h1-front-center.wav"
[ -f "$alsa/Rear_Left.wav" ] && cp "$alsa/Rear_Left.wav" "$out/test/h2-rear-left.wav"
echo "wrote $(ls "$out/train" | wc -l) training and $(ls "$out/test" | wc -l) test files under $out"
