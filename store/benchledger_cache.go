package store

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// benchLedgerVersion changes whenever the generator's plan changes, so that cached ledgers built
// by an older plan are not reused.
const benchLedgerVersion = 3

// BenchScale is the scale benchmarks build their ledger at: PASSNUM_BENCH_SCALE, 0.1 by default
// (CI); 1 and 2 for the figures in the README.
func BenchScale() float64 {
	if v, err := strconv.ParseFloat(os.Getenv("PASSNUM_BENCH_SCALE"), 64); err == nil && v > 0 {
		return v
	}
	return 0.1
}

// BenchSpecFor is the benchmark ledger of a configuration: at BenchScale, leading up to today
// at 16:00, the first prescriber's bilan and the place's trainer's day being the ones read.
func BenchSpecFor(prescribers []string, place, trainer string) BenchSpec {
	y, m, d := time.Now().Date()
	return BenchSpec{Scale: BenchScale(), Seed: 1, Today: time.Date(y, m, d, 16, 0, 0, 0, time.Local),
		HotPlace: place, HotPrescriber: prescribers[0], Prescribers: prescribers, Trainer: trainer}
}

// BenchLedger returns the path of a benchmark ledger for spec and opts, built once and kept in
// the temporary directory (one build even when several test processes ask at once); the file
// must be copied before anything writes to it.
func BenchLedger(spec BenchSpec, opts Options) (string, BenchSummary, error) {
	h := fnv.New64a()
	fmt.Fprint(h, benchLedgerVersion, spec.Scale, spec.Seed, spec.Today.Format("2006-01-02"), spec.HotPlace, spec.HotPrescriber, spec.Prescribers, spec.Trainer)
	for _, p := range opts.Programmes {
		fmt.Fprint(h, p.ID, p.ChequesPerCarnet, p.ValidFrom, p.ValidUntil)
	}
	fmt.Fprint(h, len(opts.Communes))
	// The migrations by name: a ledger built under another schema is another ledger.
	entries, _ := migrations.ReadDir("migrations")
	for _, e := range entries {
		fmt.Fprint(h, e.Name())
	}
	dir := filepath.Join(os.TempDir(), "passnum-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", BenchSummary{}, err
	}
	base := filepath.Join(dir, fmt.Sprintf("ledger-%g-%x", spec.Scale, h.Sum64()))
	path, summary := base+".db", base+".json"
	lock, err := os.OpenFile(base+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", BenchSummary{}, err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", BenchSummary{}, err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	var sum BenchSummary
	if data, err := os.ReadFile(summary); err == nil && json.Unmarshal(data, &sum) == nil {
		if _, err := os.Stat(path); err == nil {
			return path, sum, nil
		}
	}
	tmp := base + ".building.db"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return spec.Today }
	}
	s, err := Open(tmp, opts)
	if err != nil {
		return "", sum, err
	}
	sum, err = s.BuildBenchLedger(context.Background(), spec)
	if err == nil {
		_, err = s.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", sum, err
	}
	data, _ := json.Marshal(sum)
	if err := os.Rename(tmp, path); err != nil {
		return "", sum, err
	}
	return path, sum, os.WriteFile(summary, data, 0o644)
}

// CopyFile copies a ledger file, for a benchmark that writes.
func CopyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
