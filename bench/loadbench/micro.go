package main

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// microPackages and microPattern select the micro-benchmarks the report includes: parsing,
// translation, scanning, JSON writing, $metadata (rendering and served from cache) and the
// server's own CPU per request.
var microPackages = []string{"./odata", "./sources", "./metadata", "./bench/micro"}

const microPattern = `^Benchmark(Parse|CollectionWriter|EntityJSON|SelectSQL|Rows|XML200|JSON200|MetadataHandler200|ServerRequest)`

// microResult is one benchmark line.
type microResult struct {
	Package, Name string
	NsPerOp       float64
	BytesPerOp    int64
	AllocsPerOp   int64
	Extra         string // other reported metrics, e.g. rows/s
}

// runMicro runs the selected micro-benchmarks once, briefly, and parses their output.
func runMicro(ctx context.Context, root string, benchtime time.Duration) ([]microResult, error) {
	args := append([]string{"test", "-run", "^$", "-bench", microPattern, "-benchmem", "-benchtime", benchtime.String()}, microPackages...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	res := parseBench(out)
	if err != nil {
		return res, &benchError{err: err, out: string(out)}
	}
	return res, nil
}

type benchError struct {
	err error
	out string
}

func (e *benchError) Error() string {
	return "running micro-benchmarks: " + e.err.Error() + "\n" + tailLines(e.out, 20)
}

func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// parseBench reads `go test -bench` output: "pkg: ..." lines name the package, benchmark lines
// are "Name-P  N  v unit  v unit ...".
func parseBench(out []byte) []microResult {
	var res []microResult
	pkg := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimPrefix(p, "github.com/sfconnect/sfconnect/")
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		r := microResult{Package: pkg, Name: strings.TrimPrefix(f[0], "Benchmark")}
		if i := strings.LastIndexByte(r.Name, '-'); i > 0 {
			r.Name = r.Name[:i] // the GOMAXPROCS suffix
		}
		var extra []string
		for i := 2; i+1 < len(f); i += 2 {
			v, unit := f[i], f[i+1]
			switch unit {
			case "ns/op":
				r.NsPerOp, _ = strconv.ParseFloat(v, 64)
			case "B/op":
				r.BytesPerOp, _ = strconv.ParseInt(v, 10, 64)
			case "allocs/op":
				r.AllocsPerOp, _ = strconv.ParseInt(v, 10, 64)
			case "MB/s", "ms/op":
			default:
				extra = append(extra, v+" "+unit)
			}
		}
		r.Extra = strings.Join(extra, ", ")
		res = append(res, r)
	}
	return res
}
