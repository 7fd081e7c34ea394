package main

// Properties of the GitHub workflows and the image build that deploy the
// estate: what a fresh checkout can run, which job may mint which role's
// token, and who writes the site bucket.

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/podo-tickets/podo/infra/delivery"
	"github.com/podo-tickets/podo/infra/naming"
	"github.com/podo-tickets/podo/infra/site"
)

type workflow struct {
	Permissions map[string]string
	Jobs        map[string]struct {
		Environment string
		Permissions map[string]string
		Steps       []struct {
			Uses string
			Run  string
			With map[string]string
		}
	}
}

func workflows(t *testing.T) map[string]workflow {
	t.Helper()
	files, err := filepath.Glob("../.github/workflows/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("workflows: %v %v", files, err)
	}
	out := map[string]workflow{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var w workflow
		if err := yaml.Unmarshal(b, &w); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = w
	}
	return out
}

func TestThePulumiWorkflowGivesTheProgramEveryRequiredSecret(t *testing.T) {
	steps := 0
	for _, s := range workflows(t)["pulumi.yml"].Jobs["up"].Steps {
		if !strings.HasPrefix(s.Uses, "pulumi/actions@") {
			continue
		}
		steps++
		var m map[string]struct {
			Value  string
			Secret bool
		}
		if err := yaml.Unmarshal([]byte(s.With["config-map"]), &m); err != nil {
			t.Fatalf("%s config-map: %v", s.With["command"], err)
		}
		for _, key := range secretKeys {
			v, ok := m["podo:"+key]
			if !ok || !v.Secret || !strings.Contains(v.Value, "secrets.") {
				t.Errorf("pulumi %s: podo:%s = %+v, want a secret from the repository's secrets (a fresh checkout has none)", s.With["command"], key, v)
			}
		}
	}
	if steps != 2 {
		t.Errorf("%d pulumi steps, want preview and up", steps)
	}
}

// roleVars are the repository variables holding each GitHub role's ARN.
var roleVars = map[string]string{
	"AWS_IMAGE_ROLE_ARN": delivery.ImageRole, "AWS_SITE_ROLE_ARN": delivery.SiteRole, "AWS_PULUMI_ROLE_ARN": delivery.PulumiRole,
}

func TestOnlyTheJobOfARoleCanMintItsTokenAndNoneOfThemRunsNpm(t *testing.T) {
	names := naming.Namer{Project: "podo", Stack: "dev"}
	npm := regexp.MustCompile(`\b(npm|npx|yarn|pnpm)\b`)
	assumed := map[string]bool{}
	for file, w := range workflows(t) {
		if w.Permissions["id-token"] != "" {
			t.Errorf("%s grants id-token to every job", file)
		}
		for name, job := range w.Jobs {
			mints := job.Permissions["id-token"] == "write"
			for _, s := range job.Steps {
				if npm.MatchString(s.Run) && mints {
					t.Errorf("%s/%s runs npm with id-token: write: a dependency's code could mint the token", file, name)
				}
				if !strings.HasPrefix(s.Uses, "aws-actions/configure-aws-credentials@") {
					continue
				}
				for v, role := range roleVars {
					if !strings.Contains(s.With["role-to-assume"], v) {
						continue
					}
					assumed[role] = true
					if want := delivery.Environment(names, role); job.Environment != want || !mints {
						t.Errorf("%s/%s assumes the %s role from environment %q (id-token %v), want %q", file, name, role, job.Environment, mints, want)
					}
				}
			}
		}
	}
	if len(assumed) != len(roleVars) {
		t.Errorf("roles assumed by the workflows: %v", assumed)
	}
}

func TestTheSiteWorkflowIsTheBucketsOneWriter(t *testing.T) {
	for _, r := range recorded {
		// The mocks give a bucket the id "<name>_id"; the canary's code lives in a bucket of its own.
		isObject := r.Type == "aws:s3/bucketObjectv2:BucketObjectv2" || r.Type == "aws:s3/bucketObject:BucketObject"
		if isObject && r.In["bucket"] == "podo-dev-site_id" {
			t.Errorf("pulumi writes %v to the site bucket too", r.In["key"])
		}
	}
	var sync string
	for _, s := range workflows(t)["site.yml"].Jobs["deploy"].Steps {
		sync += s.Run
	}
	for _, want := range []string{
		`sync dist/assets "s3://${BUCKET}/assets" --cache-control "` + site.CacheImmutable + `"`,
		`index.html "s3://${BUCKET}/index.html" --cache-control "` + site.CacheIndex + `"`,
		`--cache-control "` + site.CacheDefault + `"`,
	} {
		if !strings.Contains(sync, want) {
			t.Errorf("site.yml does not upload with %s", want)
		}
	}
	for _, line := range strings.Split(sync, "\n") {
		if strings.Contains(line, "--delete") && !strings.Contains(line, `--exclude "assets/*"`) {
			t.Errorf("%q deletes old hashed assets that open tabs still load", line)
		}
	}
}

func TestWorkflowsRunNode22OrLater(t *testing.T) {
	for file, w := range workflows(t) {
		for name, job := range w.Jobs {
			for _, s := range job.Steps {
				if strings.HasPrefix(s.Uses, "actions/setup-node@") {
					if v, err := strconv.Atoi(s.With["node-version"]); err != nil || v < 22 {
						t.Errorf("%s/%s runs Node %q (Node 20 reached its end of life in April 2026)", file, name, s.With["node-version"])
					}
				}
			}
		}
	}
}

func TestTheImageCachesModulesAndCarriesItsVersion(t *testing.T) {
	b, err := os.ReadFile("../app/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	docker := string(b)
	// The golang image's GOPATH is /go.
	if !strings.Contains(docker, "--mount=type=cache,target=/go/pkg/mod") || strings.Contains(docker, "/root/go/pkg/mod") {
		t.Error("the module cache mount is not the golang image's module cache (/go/pkg/mod)")
	}
	if !strings.Contains(docker, "-X main.version=${VERSION}") {
		t.Error("the binary carries no version: podo_build_info says dev in production")
	}
	push := workflows(t)["image.yml"].Jobs["push"].Steps
	if !slices.ContainsFunc(push, func(s struct {
		Uses string
		Run  string
		With map[string]string
	}) bool {
		return s.With["build-args"] == "VERSION=${{ github.sha }}"
	}) {
		t.Error("image.yml does not stamp the commit into the image")
	}
}
