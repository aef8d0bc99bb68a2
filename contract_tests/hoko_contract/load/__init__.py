"""The contract under load: Locust drives bulk traffic, every response goes through the suite's
check registry in the selected profile, and an audit compares the final state with what every
user saw (docs/load-testing.md)."""
