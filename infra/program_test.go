package main

import (
	"strings"
	"testing"
)

func TestEveryResourceBelongsToAComponent(t *testing.T) {
	components := map[string]bool{}
	for _, r := range recorded {
		if !r.Custom && strings.HasPrefix(r.Type, "podo:") {
			components[r.Type] = true
		}
	}
	for _, r := range recorded {
		// The components themselves hang off the stack, in main's order.
		if strings.HasPrefix(r.Type, "podo:") || r.Type == "pulumi:pulumi:Stack" {
			continue
		}
		// URNs end in ...::<type>$<type>::<name>; the parent's type is in its URN.
		ok := false
		for c := range components {
			if strings.Contains(r.Parent, c+"::") || strings.Contains(r.Parent, c+"$") {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s %s has parent %q, not a podo component", r.Type, r.Name, r.Parent)
		}
	}
}

func TestEveryTaggableAWSResourceCarriesTheStackTags(t *testing.T) {
	for _, r := range recorded {
		tags, ok := r.In["tags"].(map[string]any)
		if !strings.HasPrefix(r.Type, "aws:") || !ok {
			continue
		}
		if tags["project"] != "podo" || tags["stack"] != "dev" || tags["Name"] == nil {
			t.Errorf("%s %s tags = %v", r.Type, r.Name, tags)
		}
	}
}
