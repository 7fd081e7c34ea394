package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/alerts"
)

// The commands on-call copies at 3 a.m. must name what this estate really
// has: namespaces, Deployments, HPAs, Services and labels of the cluster, and
// the AWS names (instances, topics, canaries, log groups, stack outputs, SSM
// parameters) the program creates. Each runbook and docs/oncall.md is read for
// its code (fenced blocks and `inline code`) and checked against the estate
// the program registers under mocks.

// runbookTexts returns the Markdown of every runbook and of docs/oncall.md, by name.
func runbookTexts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range alerts.RunbookNames() {
		doc, err := alerts.Runbook(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = strings.Join([]string{doc.Meaning, doc.Impact, doc.Diagnosis, doc.Mitigation}, "\n")
	}
	b, err := os.ReadFile(filepath.Join("..", "docs", "oncall.md"))
	if err != nil {
		t.Fatal(err)
	}
	out["docs/oncall.md"] = string(b)
	return out
}

var (
	fence  = regexp.MustCompile("(?s)```[a-z]*\n(.*?)```")
	inline = regexp.MustCompile("`([^`\n]+)`")
)

// commands returns a text's shell lines: the lines of its code blocks (joined
// across trailing backslashes) and its inline code spans.
func commands(text string) []string {
	var out []string
	for _, m := range fence.FindAllStringSubmatch(text, -1) {
		out = append(out, strings.Split(strings.ReplaceAll(m[1], "\\\n", " "), "\n")...)
	}
	for _, m := range inline.FindAllStringSubmatch(fence.ReplaceAllString(text, ""), -1) {
		out = append(out, m[1])
	}
	return out
}

// kubectlCommands returns every kubectl invocation, split into words.
func kubectlCommands(text string) [][]string {
	var out [][]string
	for _, line := range commands(text) {
		for _, part := range regexp.MustCompile(`[|;]|&&`).Split(line, -1) {
			words := strings.Fields(part)
			if i := slices.Index(words, "kubectl"); i >= 0 {
				out = append(out, words[i:])
			}
		}
	}
	return out
}

func flag(words []string, name string) (string, bool) {
	for i, w := range words {
		if w == name && i+1 < len(words) {
			return words[i+1], true
		}
		if v, ok := strings.CutPrefix(w, name+"="); ok {
			return v, true
		}
	}
	return "", false
}

func TestRunbookKubectlCommandsNameTheEstatesNamespacesObjectsAndLabels(t *testing.T) {
	// What the cluster holds: namespaces, and the app's objects with their labels.
	namespaces := map[string]bool{"kube-system": true}
	objects := map[string]bool{} // "<kind>/<name>" in the app's namespace
	labels := map[string]bool{}  // "k=v" on an object or pod template in the app's namespace
	kinds := map[string]string{"kubernetes:apps/v1:Deployment": "deploy", "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": "hpa",
		"kubernetes:core/v1:Service": "svc", "kubernetes:policy/v1:PodDisruptionBudget": "pdb", "kubernetes:networking.k8s.io/v1:Ingress": "ingress"}
	for _, r := range recorded {
		if r.Type == "kubernetes:core/v1:Namespace" {
			namespaces[fmt.Sprint(get(r.In, "metadata", "name"))] = true
		}
		kind, ok := kinds[r.Type]
		if !ok || get(r.In, "metadata", "namespace") != "podo" {
			continue
		}
		objects[kind+"/"+fmt.Sprint(get(r.In, "metadata", "name"))] = true
		for _, l := range []any{get(r.In, "metadata", "labels"), get(r.In, "spec", "template", "metadata", "labels")} {
			m, _ := l.(map[string]any)
			for k, v := range m {
				labels[fmt.Sprintf("%s=%v", k, v)] = true
			}
		}
	}
	if !objects["deploy/podo-api"] || !objects["hpa/podo-api"] || !labels["app.kubernetes.io/name=podo-api"] {
		t.Fatalf("the estate under mocks: objects %v, labels %v", objects, labels)
	}
	aliases := map[string]string{"deployment": "deploy", "deployments": "deploy", "horizontalpodautoscaler": "hpa", "service": "svc", "services": "svc"}

	checked := 0
	for name, text := range runbookTexts(t) {
		for _, words := range kubectlCommands(text) {
			cmd := strings.Join(words, " ")
			ns, hasNS := flag(words, "-n")
			if hasNS && !strings.HasPrefix(ns, "<") && !namespaces[ns] {
				t.Errorf("%s: %q: no namespace %s in the estate", name, cmd, ns)
			}
			if ns != "podo" {
				continue
			}
			checked++
			if sel, ok := flag(words, "-l"); ok && !labels[sel] {
				t.Errorf("%s: %q: nothing in namespace podo is labelled %s", name, cmd, sel)
			}
			// kubectl -n podo <verb> <kind> <name>, or <kind>/<name>.
			for i, w := range words {
				if kind, obj, ok := strings.Cut(w, "/"); ok && !strings.HasPrefix(w, "-") && !strings.Contains(obj, "/") {
					if k, ok := aliases[kind]; ok {
						kind = k
					}
					if _, known := map[string]bool{"deploy": true, "hpa": true, "svc": true}[kind]; known && !objects[kind+"/"+obj] {
						t.Errorf("%s: %q: no %s in namespace podo", name, cmd, w)
					}
				}
				if k, ok := map[string]string{"hpa": "hpa", "svc": "svc", "endpoints": "svc"}[w]; ok && i+1 < len(words) && !strings.HasPrefix(words[i+1], "-") {
					if !objects[k+"/"+words[i+1]] {
						t.Errorf("%s: %q: no %s %s in namespace podo", name, cmd, w, words[i+1])
					}
				}
			}
			// With a selector kubectl keeps 10 lines per pod and follows at most 5 pods unless told.
			if words[1] == "logs" || slices.Contains(words, "logs") {
				if _, sel := flag(words, "-l"); sel {
					if _, tail := flag(words, "--tail"); !tail {
						t.Errorf("%s: %q: with -l, kubectl logs shows only 10 lines a pod without --tail", name, cmd)
					}
					if slices.Contains(words, "-f") {
						if _, ok := flag(words, "--max-log-requests"); !ok {
							t.Errorf("%s: %q: follows at most 5 pods without --max-log-requests", name, cmd)
						}
					}
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d kubectl commands in namespace podo were checked", checked)
	}
}

// AWS names in the commands (podo-dev-..., /aws/... log groups, stack
// outputs and SSM parameters) are ones the program creates or exports.
func TestRunbookAWSNamesAreTheEstates(t *testing.T) {
	names := map[string]bool{}
	var all strings.Builder // every string input, for names inside documents (a dashboard's queries)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			names[v] = true
			all.WriteString(v + "\n")
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	for _, r := range recorded {
		names[r.Name] = true
		walk(r.In)
	}
	main, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]bool{}
	for _, m := range regexp.MustCompile(`ctx\.Export\("([a-zA-Z]+)"`).FindAllStringSubmatch(string(main), -1) {
		outputs[m[1]] = true
	}
	resource := regexp.MustCompile(`\bpodo-dev-[a-z0-9-]*[a-z0-9]`)
	logGroup := regexp.MustCompile(`/aws/[a-z]+/[a-zA-Z0-9/_<>-]+`)
	stackOutput := regexp.MustCompile(`pulumi stack output ([a-zA-Z]+)`)
	ssm := regexp.MustCompile(`\$\{SSM\}([a-z-]+)`)
	for name, text := range runbookTexts(t) {
		for _, line := range commands(text) {
			for _, n := range resource.FindAllString(line, -1) {
				if !names[n] {
					t.Errorf("%s: %q names %s, which the program does not create", name, line, n)
				}
			}
			for _, g := range logGroup.FindAllString(line, -1) {
				g = strings.ReplaceAll(strings.ReplaceAll(g, "<cluster>", "podo-dev-eks"), "podo-<stack>", "podo-dev")
				if !names[g] && !strings.Contains(all.String(), "'"+g+"'") {
					t.Errorf("%s: %q names log group %s", name, line, g)
				}
			}
			for _, m := range stackOutput.FindAllStringSubmatch(line, -1) {
				if !outputs[m[1]] {
					t.Errorf("%s: %q: the stack has no output %s", name, line, m[1])
				}
			}
			for _, m := range ssm.FindAllStringSubmatch(line, -1) {
				if !names["/podo/dev/"+m[1]] {
					t.Errorf("%s: %q: no SSM parameter /podo/dev/%s", name, line, m[1])
				}
			}
		}
	}
}
