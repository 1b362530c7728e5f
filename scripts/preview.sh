#!/usr/bin/env bash
# Renders the first pages of PDFs to PNG images for a person to look at.
# Usage: scripts/preview.sh [PDF...]      (default: every out/*.pdf)
#   PAGES=2 (pages per document), DPI=60, PREVIEW_DIR=out/preview
set -euo pipefail
cd "$(dirname "$0")/.."

pages=${PAGES:-2}
dpi=${DPI:-60}
dir=${PREVIEW_DIR:-out/preview}
command -v pdftoppm >/dev/null || scripts/bootstrap.sh

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  shopt -s nullglob
  files=(out/*.pdf)
fi
[ ${#files[@]} -gt 0 ] || { echo "preview: no PDFs (run scripts/demo.sh first, or name files)" >&2; exit 2; }

mkdir -p "$dir"
for pdf in "${files[@]}"; do
  base=$(basename "$pdf" .pdf)
  pdftoppm -r "$dpi" -png -f 1 -l "$pages" "$pdf" "$dir/$base"
done
echo "preview: $(ls "$dir"/*.png | wc -l) images in $dir"
