// Command podo-load drives a Podo booking service with the original system's
// load scenarios and with the faults a real deployment meets, then checks in
// MySQL that nothing was double-booked. Each scenario is a subcommand:
//
//	podo-load browse      the original's read ramp (0→600 virtual users), cache on and off
//	podo-load flash-sale  N users race for one 140-seat show; MySQL invariants checked after
//	podo-load chaos       the flash sale while Redis stops and MariaDB restarts under it
//	podo-load ceiling     the seat-map bytes from bare net/http and nginx beside Podo's endpoint
//	podo-load sse         thousands of live seat-map subscribers; delivery latency and service RSS
//	podo-load spread      bookings spread over many shows; committed reservations per second
//	podo-load waitroom    20,000 users arrive for one show with its waiting room on; admission and waiting's cost
//
// Without --target the tool starts its own `podo serve` (and, for chaos, its own
// Redis and MariaDB) so a run is reproducible on a bare machine. It only ever
// sends traffic to the loopback interface.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The tool shares the cores with the service: PODO_LOAD_CPUPROFILE tells
	// where its own CPU goes.
	if path := os.Getenv("PODO_LOAD_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	// The tool allocates for thousands of users at once and the machine has
	// memory to spare: collecting garbage less often leaves the shared cores
	// to the service under test.
	debug.SetGCPercent(400)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	if err != nil {
		fmt.Fprintln(os.Stderr, "podo-load:", err)
		if errors.Is(err, errInvariant) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// errInvariant marks a run whose booking invariants did not hold in MySQL.
var errInvariant = errors.New("booking invariant violated")

// scenario is one subcommand.
type scenario struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var scenarios = map[string]scenario{
	"browse":     {"the original's read ramp over the show list, top five and seat maps", runBrowse},
	"flash-sale": {"N users race for one 140-seat show; MySQL invariants are checked after", runFlashSale},
	"chaos":      {"the flash sale while Redis stops and MariaDB restarts (owned instances)", runChaos},
	"ceiling":    {"the seat-map bytes from bare net/http and nginx beside Podo's endpoint", runCeiling},
	"sse":        {"live seat-map subscribers: delivery latency and service memory", runSSE},
	"spread":     {"bookings spread over many shows: committed reservations per second", runSpread},
	"waitroom":   {"a crowd arrives for one show with its waiting room on: admission, waiting's cost, fairness", runWaitroom},
	"summary":    {"print the results under a folder as Markdown tables", runSummary},
	"serve-file": {"(internal) serve one file's bytes from a bare net/http handler", runServeFile},
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return nil
	}
	sc, ok := scenarios[args[0]]
	if !ok {
		usage(stderr)
		return fmt.Errorf("unknown scenario %q", args[0])
	}
	err := sc.run(ctx, args[1:], stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // the flag package has printed the flags
	}
	return err
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: podo-load <scenario> [flags]   (podo-load <scenario> -h lists the flags)")
	names := make([]string, 0, len(scenarios))
	for name := range scenarios {
		if !strings.HasPrefix(scenarios[name].summary, "(internal)") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-11s %s\n", name, scenarios[name].summary)
	}
}
