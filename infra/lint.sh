#!/usr/bin/env bash
# Lints the AWS SAM template with cfn-lint (it includes the SAM translator): no errors and no warnings allowed.
# Needs cfn-lint >= 1.x on PATH or as a Python module (pip install cfn-lint).
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v cfn-lint >/dev/null 2>&1; then
  lint=(cfn-lint)
elif python3 -c 'import cfnlint' >/dev/null 2>&1; then
  lint=(python3 -m cfnlint)
else
  echo "infra/lint.sh: cfn-lint is not installed; install it with 'pip install cfn-lint' (Python 3.9+)" >&2
  exit 1
fi
echo "infra/lint.sh: $("${lint[@]}" --version) on infra/template.yaml"
# exit code of cfn-lint: a bit mask, 2 = errors, 4 = warnings, 8 = informational; fail on errors and warnings
"${lint[@]}" --format parseable -- infra/template.yaml || rc=$?
if (( ${rc:-0} & 6 )); then
  echo "infra/lint.sh: infra/template.yaml has cfn-lint errors or warnings (above)" >&2
  exit 1
fi
echo "infra/lint.sh: infra/template.yaml passes cfn-lint"
