package sources

// SetSlowWatch changes how many executions after a slow one run cancellable, for tests; it
// returns a function restoring the previous value.
func SetSlowWatch(n int32) (restore func()) {
	prev := slowWatch
	slowWatch = n
	return func() { slowWatch = prev }
}
