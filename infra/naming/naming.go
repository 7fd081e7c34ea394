// Package naming derives every resource name and tag set of the Podo stack
// from one place, so that names line up across components and every AWS
// resource carries the same ownership tags.
package naming

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Namer names resources of one stack of one project ("podo-dev-...").
type Namer struct {
	Project string
	Stack   string
}

// Name joins the project, the stack and the parts: Name("db") is "podo-dev-db".
func (n Namer) Name(parts ...string) string {
	return strings.Join(append([]string{n.Project, n.Stack}, parts...), "-")
}

// Path is the SSM parameter path of the stack, "/podo/dev/".
func (n Namer) Path() string {
	return "/" + n.Project + "/" + n.Stack + "/"
}

// Tags returns the standard tags plus a Name tag for the named part and any
// extra tags (later maps win).
func (n Namer) Tags(part string, extra ...map[string]string) pulumi.StringMap {
	tags := pulumi.StringMap{
		"Name":       pulumi.String(n.Name(part)),
		"project":    pulumi.String(n.Project),
		"stack":      pulumi.String(n.Stack),
		"managed-by": pulumi.String("pulumi"),
	}
	for _, m := range extra {
		for k, v := range m {
			tags[k] = pulumi.String(v)
		}
	}
	return tags
}
