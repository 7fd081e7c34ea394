// Package dashboards holds Podo's Grafana dashboards as JSON, ready to be
// provisioned (for example as ConfigMaps labelled for Grafana's sidecar).
//
// The JSON is generated from typed Go (dashboards/internal/board, with the
// Grafana Foundation SDK) by `make dashboards`; this package only embeds the
// result, so importing it does not compile the SDK.
package dashboards

import (
	"embed"
	"io/fs"
)

//go:embed *.json
var files embed.FS

// Files returns every dashboard's JSON by file name, e.g. "booking-overview.json".
func Files() map[string][]byte {
	out := map[string][]byte{}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		panic(err) // the files are embedded: reading them cannot fail
	}
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			panic(err)
		}
		out[e.Name()] = b
	}
	return out
}

// Dashboard UIDs, stable so that links between dashboards and from alerts keep
// working: Grafana answers each at /d/<uid>.
const (
	UIDBookingOverview = "podo-booking-overview"
	UIDDataStores      = "podo-data-stores"
	UIDCluster         = "podo-cluster"
)

// CommunityDashboard is a well-known dashboard on grafana.com that Grafana
// can provision by its id (gnetId); Podo does not copy them.
type CommunityDashboard struct {
	ID int
	// Revision is the grafana.com revision Grafana downloads, pinned.
	Revision int
	Title    string
	What     string
}

// Community lists the community dashboards for the cluster: dotdc's
// "Kubernetes / Views" set (github.com/dotdc/grafana-dashboards-kubernetes),
// made for kube-prometheus-stack's metrics. The Pulumi program provisions them
// in Grafana's "Kubernetes" folder and the cluster dashboard links them.
var Community = []CommunityDashboard{
	{ID: 15757, Revision: 43, Title: "Kubernetes / Views / Global", What: "the whole cluster: nodes, namespaces, CPU, memory and network at a glance"},
	{ID: 15758, Revision: 46, Title: "Kubernetes / Views / Namespaces", What: "one namespace (choose podo): pods, CPU and memory against requests and limits"},
	{ID: 15759, Revision: 40, Title: "Kubernetes / Views / Nodes", What: "one node: CPU, memory, disk, network and the pods on it"},
	{ID: 15760, Revision: 39, Title: "Kubernetes / Views / Pods", What: "one pod: containers, restarts, CPU throttling, memory and network"},
}

// CommunityFolder is the Grafana folder the community dashboards are provisioned in.
const CommunityFolder = "Kubernetes"
