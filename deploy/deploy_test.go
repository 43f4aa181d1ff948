package deploy

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestSlurmScriptsAsArrayTasks runs gen-array.sbatch once per task with the
// variables Slurm sets, then merge.sbatch, and compares the bundle with a
// single gen.
func TestSlurmScriptsAsArrayTasks(t *testing.T) {
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "axmul")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/axmul").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(tmp, "src")
	if out, err := exec.Command(bin, "gen", "--builtin", "--filter", "mul8u", "--no-cache", "-o", filepath.Join(tmp, "single")).CombinedOutput(); err != nil {
		t.Fatalf("single gen: %v\n%s", err, out)
	}
	// The built-in bundle's Verilog is a netlist folder to shard.
	if err := os.CopyFS(src, os.DirFS(filepath.Join(tmp, "single", "src"))); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "gen", "--from", src, "--no-cache", "-o", filepath.Join(tmp, "want")).CombinedOutput(); err != nil {
		t.Fatalf("gen --from: %v\n%s", err, out)
	}
	work := filepath.Join(tmp, "work")
	os.Mkdir(work, 0o755)
	const n = 3
	env := append(os.Environ(), "AXMUL="+bin, "AXMUL_SRC="+src, "AXMUL_WORK="+work,
		"AXMUL_OUT="+filepath.Join(tmp, "merged"), fmt.Sprintf("AXMUL_SHARDS=%d", n), "AXMUL_GEN_ARGS=")
	for i := range n {
		cmd := exec.Command("bash", "slurm/gen-array.sbatch")
		cmd.Env = append(env, fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i), fmt.Sprintf("SLURM_ARRAY_TASK_COUNT=%d", n))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("task %d: %v\n%s", i, err, out)
		}
	}
	cmd := exec.Command("bash", "slurm/merge.sbatch")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("merge: %v\n%s", err, out)
	}
	want, got := readTree(t, filepath.Join(tmp, "want")), readTree(t, filepath.Join(tmp, "merged"))
	if len(want) == 0 || len(got) != len(want) {
		t.Fatalf("merged bundle has %d files, single gen %d", len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs", name)
		}
	}
	// Outside an array task the script refuses clearly.
	cmd = exec.Command("bash", "slurm/gen-array.sbatch")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "not a job array task") {
		t.Errorf("outside an array: %v\n%s", err, out)
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[rel], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestShellSyntax checks every script with bash -n.
func TestShellSyntax(t *testing.T) {
	for _, f := range []string{"slurm/gen-array.sbatch", "slurm/merge.sbatch", "slurm/submit.sh", "../scripts/test-slurm.sh"} {
		if out, err := exec.Command("bash", "-n", f).CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", f, err, out)
		}
	}
}

// job is the part of a batch/v1 Job these manifests must get right.
type job struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    *int   `yaml:"completions"`
		Parallelism    *int   `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Name    string   `yaml:"name"`
					Image   string   `yaml:"image"`
					Command []string `yaml:"command"`
					Args    []string `yaml:"args"`
					Env     []struct {
						Name  string `yaml:"name"`
						Value string `yaml:"value"`
					} `yaml:"env"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name string `yaml:"name"`
					PVC  *struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

func readJob(t *testing.T, path string) *job {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var j job
	if err := yaml.Unmarshal(data, &j); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if j.APIVersion != "batch/v1" || j.Kind != "Job" || j.Metadata.Name == "" {
		t.Fatalf("%s: %s %s %q is not a named batch/v1 Job", path, j.APIVersion, j.Kind, j.Metadata.Name)
	}
	spec := j.Spec.Template.Spec
	if spec.RestartPolicy != "Never" && spec.RestartPolicy != "OnFailure" {
		t.Errorf("%s: restartPolicy %q (a Job needs Never or OnFailure)", path, spec.RestartPolicy)
	}
	if len(spec.Containers) != 1 || spec.Containers[0].Image == "" {
		t.Fatalf("%s: want one container with an image", path)
	}
	vols := map[string]bool{}
	for _, v := range spec.Volumes {
		if v.PVC == nil || v.PVC.ClaimName == "" {
			t.Errorf("%s: volume %s is not a claim", path, v.Name)
		}
		vols[v.Name] = true
	}
	for _, m := range spec.Containers[0].VolumeMounts {
		if !vols[m.Name] {
			t.Errorf("%s: mount %s names no volume", path, m.Name)
		}
	}
	return &j
}

func env(j *job, name string) string {
	for _, e := range j.Spec.Template.Spec.Containers[0].Env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

// TestKubernetesManifests: the gen Job is Indexed with as many completions
// as shards and uses JOB_COMPLETION_INDEX in --shard and the part folder;
// the merge Job merges that many parts from the same volume.
func TestKubernetesManifests(t *testing.T) {
	gen := readJob(t, "k8s/gen-indexed-job.yaml")
	if gen.Spec.CompletionMode != "Indexed" || gen.Spec.Completions == nil {
		t.Fatalf("gen job: completionMode %q, completions %v: want an Indexed Job", gen.Spec.CompletionMode, gen.Spec.Completions)
	}
	if fmt.Sprint(*gen.Spec.Completions) != env(gen, "SHARDS") {
		t.Errorf("completions %d but SHARDS=%q", *gen.Spec.Completions, env(gen, "SHARDS"))
	}
	args := strings.Join(gen.Spec.Template.Spec.Containers[0].Args, " ")
	for _, want := range []string{"axmul gen", `--shard "$JOB_COMPLETION_INDEX/$SHARDS"`, `/work/part-$JOB_COMPLETION_INDEX`} {
		if !strings.Contains(args, want) {
			t.Errorf("gen job args %q lack %q", args, want)
		}
	}
	merge := readJob(t, "k8s/merge-job.yaml")
	if env(merge, "SHARDS") != env(gen, "SHARDS") {
		t.Errorf("merge SHARDS=%q, gen SHARDS=%q", env(merge, "SHARDS"), env(gen, "SHARDS"))
	}
	margs := strings.Join(merge.Spec.Template.Spec.Containers[0].Args, " ")
	if !strings.Contains(margs, "axmul merge -o /work/library") || !strings.Contains(margs, "/work/part-$i") {
		t.Errorf("merge job args %q", margs)
	}
	// Both mount the same claim at /work.
	claim := func(j *job) string {
		for _, v := range j.Spec.Template.Spec.Volumes {
			for _, m := range j.Spec.Template.Spec.Containers[0].VolumeMounts {
				if m.Name == v.Name && m.MountPath == "/work" && v.PVC != nil {
					return v.PVC.ClaimName
				}
			}
		}
		return ""
	}
	if claim(gen) == "" || claim(gen) != claim(merge) {
		t.Errorf("work claims %q and %q", claim(gen), claim(merge))
	}
	// The merge command line, run by a POSIX shell, lists every part.
	sh := exec.Command("sh", "-c", strings.ReplaceAll(margs, "exec axmul", "echo axmul"))
	sh.Env = append(os.Environ(), "SHARDS="+env(merge, "SHARDS"))
	out, err := sh.CombinedOutput()
	if err != nil {
		t.Fatalf("merge args under sh: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "axmul merge -o /work/library /work/part-0 /work/part-1 /work/part-2 /work/part-3"; got != want {
		t.Errorf("merge command %q, want %q", got, want)
	}
}
