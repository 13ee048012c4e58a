package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPU accounting: on a shared 2-core machine the wall-clock numbers move with the neighbours'
// load, but the CPU each party spends per request barely does. The report shows, per query,
// the CPU of the bench client (this process), of the sfconnect server and of the PostgreSQL
// backends, divided by the requests issued.

// clockTick is USER_HZ, the unit of /proc/PID/stat times (100 on every Linux we run on).
const clockTick = 100

// cpuSample is cumulative CPU time of the three parties.
type cpuSample struct {
	Client, Server, Postgres time.Duration
	// Steal is the machine's cumulative steal time (/proc/stat): CPU the hypervisor gave to
	// other guests while this one wanted it. At is when the sample was taken.
	Steal time.Duration
	At    time.Time
}

// cpuUsage is CPU per request of one run, and the share of the machine's CPU time stolen by
// the hypervisor meanwhile (the noise indicator of a run).
type cpuUsage struct {
	Client, Server, Postgres time.Duration
	StealPct                 float64
}

func (a cpuSample) perRequest(b cpuSample, n int) cpuUsage {
	if n <= 0 {
		return cpuUsage{}
	}
	d := time.Duration(n)
	u := cpuUsage{Client: (b.Client - a.Client) / d, Server: (b.Server - a.Server) / d, Postgres: (b.Postgres - a.Postgres) / d}
	if wall := b.At.Sub(a.At); wall > 0 {
		u.StealPct = 100 * float64(b.Steal-a.Steal) / float64(wall*time.Duration(runtime.NumCPU()))
	}
	return u
}

// machineSteal reads the steal column of /proc/stat's cpu line (0 when unavailable).
func machineSteal() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	ticks, _ := strconv.ParseInt(f[8], 10, 64)
	return time.Duration(ticks) * time.Second / clockTick
}

// cpuMeter samples the parties; serverPID or postmaster 0 leaves that party out.
type cpuMeter struct {
	serverPID  int
	postmaster int
}

func (m cpuMeter) sample() cpuSample {
	s := cpuSample{Steal: machineSteal(), At: time.Now()}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.Client = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if m.serverPID > 0 {
		s.Server, _ = procCPU(m.serverPID)
	}
	if m.postmaster > 0 {
		s.Postgres = childrenCPU(m.postmaster)
	}
	return s
}

// procCPU is utime+stime of pid, and its parent.
func procCPU(pid int) (time.Duration, int) {
	cpu, _, ppid := procTimes(pid)
	return cpu, ppid
}

// procTimes is utime+stime of pid, cutime+cstime (its reaped children), and its parent.
func procTimes(pid int) (self, children time.Duration, ppid int) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, 0
	}
	// Fields after the command name (which may hold spaces) start after the last ')'.
	rest := string(b)
	if i := strings.LastIndexByte(rest, ')'); i >= 0 {
		rest = rest[i+1:]
	}
	f := strings.Fields(rest)
	if len(f) < 15 {
		return 0, 0, 0
	}
	ppid, _ = strconv.Atoi(f[1])
	tick := func(i int) time.Duration {
		n, _ := strconv.ParseInt(f[i], 10, 64)
		return time.Duration(n) * time.Second / clockTick
	}
	return tick(11) + tick(12), tick(13) + tick(14), ppid
}

// childrenCPU sums the CPU of the postmaster and its children (backends, parallel workers,
// background processes), live ones from their own stat and exited ones (parallel workers)
// from the postmaster's reaped-children times.
func childrenCPU(postmaster int) time.Duration {
	self, reaped, _ := procTimes(postmaster)
	total := self + reaped
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil || pid == postmaster {
			continue
		}
		if cpu, ppid := procCPU(pid); ppid == postmaster {
			total += cpu
		}
	}
	return total
}

// postmasterPID reads the cluster's postmaster.pid (0 when the cluster is not ours).
func postmasterPID(dataDir string) int {
	b, err := os.ReadFile(filepath.Join(dataDir, "pg15", "postmaster.pid"))
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(line))
	return pid
}

func us(d time.Duration) string { return strconv.FormatInt(d.Microseconds(), 10) }

func (u cpuUsage) String() string {
	return "client " + us(u.Client) + " µs, server " + us(u.Server) + " µs, postgres " + us(u.Postgres) + " µs"
}

// Total is the CPU of all three parties per request.
func (u cpuUsage) Total() time.Duration { return u.Client + u.Server + u.Postgres }

// cpuAcc sums the CPU of several windows of one side.
type cpuAcc struct {
	client, server, postgres, steal, wall time.Duration
	issued                                int
}

func (acc *cpuAcc) add(a, b cpuSample, issued int) {
	acc.client += b.Client - a.Client
	acc.server += b.Server - a.Server
	acc.postgres += b.Postgres - a.Postgres
	acc.steal += b.Steal - a.Steal
	acc.wall += b.At.Sub(a.At)
	acc.issued += issued
}

func (acc cpuAcc) usage() cpuUsage {
	start := cpuSample{At: time.Unix(0, 0)}
	end := cpuSample{Client: acc.client, Server: acc.server, Postgres: acc.postgres, Steal: acc.steal, At: start.At.Add(acc.wall)}
	return start.perRequest(end, acc.issued)
}
