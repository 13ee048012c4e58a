package sources

import "testing"

func TestViolationError(t *testing.T) {
	for v := Duplicate; v <= Busy; v++ {
		e := ViolationError(v)
		if e == nil || e.Status == 0 || e.Code == "" || e.Message == "" {
			t.Fatalf("violation %d has no complete error: %+v", v, e)
		}
		if (v == Busy) != (e.Header.Get("Retry-After") != "") {
			t.Errorf("violation %d: Retry-After %q", v, e.Header.Get("Retry-After"))
		}
	}
	if ViolationError(0) != nil || ViolationError(Busy+1) != nil {
		t.Error("an unknown violation got an error")
	}
}
