"""Rich renderables for tracker's results: the only place that styles text."""
