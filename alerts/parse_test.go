package alerts

import (
	"strings"
	"testing"
)

func TestParseRunbookRejectsMalformedDocuments(t *testing.T) {
	const ok = "# T\n## Meaning\nm\n## Impact\ni\n## Diagnosis\nd\n## Mitigation\n1. a\n2. b\n"
	if _, err := parseRunbook(ok); err != nil {
		t.Fatalf("well-formed runbook rejected: %v", err)
	}
	for name, doc := range map[string]string{
		"no title":         strings.TrimPrefix(ok, "# T\n"),
		"missing section":  strings.Replace(ok, "## Impact\ni\n", "", 1),
		"sections swapped": "# T\n## Impact\ni\n## Meaning\nm\n## Diagnosis\nd\n## Mitigation\nx\n",
		"unknown section":  ok + "## Notes\nn\n",
		"empty section":    strings.Replace(ok, "d\n", "\n", 1),
		"text before":      "# T\nstray\n" + strings.TrimPrefix(ok, "# T\n"),
	} {
		if _, err := parseRunbook(doc); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestHeadingsInsideCodeBlocksAreText(t *testing.T) {
	doc, err := parseRunbook("# T\n## Meaning\nm\n## Impact\ni\n## Diagnosis\n```sh\n## not a heading\n```\n## Mitigation\n1. a\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Diagnosis, "## not a heading") {
		t.Errorf("Diagnosis = %q", doc.Diagnosis)
	}
}

func TestMitigationStepsAreTheListItemsWithoutCode(t *testing.T) {
	md := "1. Roll back: `kubectl undo`.\n   Then wait.\n\n   ```sh\n   echo no\n   ```\n2. See **[other](x.md)**.\n"
	got := MitigationSteps(md)
	want := []string{"1) Roll back: kubectl undo. Then wait.", "2) See other."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("MitigationSteps = %q, want %q", got, want)
	}
}

func TestTruncateCutsOnACharacterBoundary(t *testing.T) {
	s := truncate("좌석 예약", 8) // 3-byte characters
	if len(s) > 8 || !strings.HasSuffix(s, "…") || !strings.HasPrefix(s, "좌") {
		t.Errorf("truncate = %q (%d bytes)", s, len(s))
	}
}
