// Package alerts holds what the on-call engineer is told when something goes
// wrong with Podo: one Markdown runbook per alarm (runbooks/<name>.md) and the
// Prometheus alert rules for the booking service (rules/podo.rules.yaml).
//
// The runbooks are the single source of the text that alarms carry: the Pulumi
// program puts Runbook(name).Summary(1024) into each CloudWatch alarm's
// description, and every Prometheus rule links its runbook by RunbookURL.
package alerts

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:embed runbooks/*.md
var runbookFS embed.FS

// RunbookBaseURL is where the runbooks are read in the repository's web view.
const RunbookBaseURL = "https://github.com/podo-tickets/podo/blob/main/alerts/runbooks/"

// Section headings every runbook has, in this order and no others.
const (
	SectionMeaning    = "Meaning"
	SectionImpact     = "Impact"
	SectionDiagnosis  = "Diagnosis"
	SectionMitigation = "Mitigation"
)

var sections = []string{SectionMeaning, SectionImpact, SectionDiagnosis, SectionMitigation}

// RunbookDoc is one parsed runbook. The section fields hold the section's
// Markdown, trimmed.
type RunbookDoc struct {
	Name       string // file name without .md, e.g. "rds-cpu-high"
	Title      string
	Meaning    string
	Impact     string
	Diagnosis  string
	Mitigation string
}

// RunbookNames lists every runbook, sorted.
func RunbookNames() []string {
	entries, err := fs.ReadDir(runbookFS, "runbooks")
	if err != nil {
		panic(err) // the directory is embedded: it cannot be missing
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".md"))
	}
	sort.Strings(names)
	return names
}

// RunbookURL is the web address of the runbook's file in the repository.
func RunbookURL(name string) string {
	return RunbookBaseURL + name + ".md"
}

// Runbook reads and parses the runbook with this name.
func Runbook(name string) (RunbookDoc, error) {
	b, err := runbookFS.ReadFile(path.Join("runbooks", name+".md"))
	if err != nil {
		return RunbookDoc{}, fmt.Errorf("runbook %q: %w", name, err)
	}
	doc, err := parseRunbook(string(b))
	if err != nil {
		return RunbookDoc{}, fmt.Errorf("runbook %q: %w", name, err)
	}
	doc.Name = name
	return doc, nil
}

// parseRunbook reads a "# Title" line followed by exactly the four "## "
// sections in order. Headings inside fenced code blocks are text, not headings.
func parseRunbook(s string) (RunbookDoc, error) {
	var doc RunbookDoc
	body := map[string]*strings.Builder{}
	var current string
	var seen []string
	inFence := false
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
		}
		switch {
		case !inFence && strings.HasPrefix(line, "# "):
			if doc.Title != "" {
				return doc, fmt.Errorf("a second title %q", line)
			}
			doc.Title = strings.TrimSpace(line[2:])
		case !inFence && strings.HasPrefix(line, "## "):
			current = strings.TrimSpace(line[3:])
			if len(seen) >= len(sections) || current != sections[len(seen)] {
				return doc, fmt.Errorf("section %q where %s expected (sections are %s, in order)",
					current, expected(seen), strings.Join(sections, ", "))
			}
			seen = append(seen, current)
			body[current] = &strings.Builder{}
		case current != "":
			body[current].WriteString(line + "\n")
		case strings.TrimSpace(line) != "":
			return doc, fmt.Errorf("text before the first section: %q", line)
		}
	}
	if doc.Title == "" {
		return doc, fmt.Errorf("no \"# Title\" line")
	}
	if len(seen) != len(sections) {
		return doc, fmt.Errorf("missing section %s", expected(seen))
	}
	get := func(name string) (string, error) {
		text := strings.TrimSpace(body[name].String())
		if text == "" {
			return "", fmt.Errorf("section %q is empty", name)
		}
		return text, nil
	}
	var err error
	if doc.Meaning, err = get(SectionMeaning); err != nil {
		return doc, err
	}
	if doc.Impact, err = get(SectionImpact); err != nil {
		return doc, err
	}
	if doc.Diagnosis, err = get(SectionDiagnosis); err != nil {
		return doc, err
	}
	if doc.Mitigation, err = get(SectionMitigation); err != nil {
		return doc, err
	}
	return doc, nil
}

func expected(seen []string) string {
	if len(seen) >= len(sections) {
		return "nothing"
	}
	return fmt.Sprintf("%q", sections[len(seen)])
}

// Summary is the runbook as plain text of at most max bytes (so at most max
// characters), for a CloudWatch AlarmDescription (1,024 at most) or an email:
// the title, the whole meaning, as many whole mitigation steps as fit, and the
// runbook's address. The meaning and the address always come first; the steps
// are cut at a step's end, and only the first step is ever cut mid-way.
func (d RunbookDoc) Summary(max int) string {
	head := d.Title + ". " + PlainText(d.Meaning)
	tail := " Runbook: " + RunbookURL(d.Name)
	steps := MitigationSteps(d.Mitigation)

	s := head
	budget := max - len(tail)
	if len(s) > budget {
		return truncate(s+tail, max)
	}
	for i, step := range steps {
		var next string
		if i == 0 {
			next = " What to do: " + step
		} else {
			next = " " + step
		}
		if len(s)+len(next) > budget {
			if i == 0 {
				s = truncate(s+next, budget)
			}
			break
		}
		s += next
	}
	return s + tail
}

// MitigationSteps returns the mitigation's steps as plain text, one string a
// step: each top-level list item ("1. ..." or "- ...") with its continuation
// lines, numbered "1)", "2)", ... Code blocks under a step are left out: they
// are in the runbook, and too long for a description. A mitigation without a
// list is one step, its first paragraph.
func MitigationSteps(markdown string) []string {
	var steps []string
	var cur []string
	inFence := false
	flush := func() {
		if len(cur) > 0 {
			steps = append(steps, PlainText(strings.Join(cur, " ")))
			cur = nil
		}
	}
	for _, line := range strings.Split(markdown, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		if m := listItem.FindStringSubmatch(line); m != nil {
			flush()
			cur = []string{m[1]}
			continue
		}
		if trimmed == "" {
			flush()
			continue
		}
		if cur != nil && line != trimmed { // an indented continuation of the item
			cur = append(cur, trimmed)
		}
	}
	flush()
	if len(steps) == 0 {
		para := strings.SplitN(strings.TrimSpace(markdown), "\n\n", 2)[0]
		return []string{PlainText(para)}
	}
	for i := range steps {
		steps[i] = fmt.Sprintf("%d) %s", i+1, steps[i])
	}
	return steps
}

var (
	listItem   = regexp.MustCompile(`^(?:\d+\.|[-*])\s+(.*)$`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdEmphasis = regexp.MustCompile(`\*\*|__|` + "`")
	spaces     = regexp.MustCompile(`\s+`)
)

// PlainText turns a piece of runbook Markdown into one line of plain text:
// links become their text, emphasis and code marks go, code blocks go, and
// whitespace collapses.
func PlainText(markdown string) string {
	var kept []string
	inFence := false
	for _, line := range strings.Split(markdown, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		if !inFence {
			kept = append(kept, line)
		}
	}
	s := strings.Join(kept, " ")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdEmphasis.ReplaceAllString(s, "")
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// truncate cuts s to at most max bytes on a character boundary, ending in "…"
// when it cut anything.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	const ellipsis = "…"
	cut := max - len(ellipsis)
	if cut < 0 {
		return ""
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}
