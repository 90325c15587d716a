/**
 * V8's heap sized for a short-lived command rather than a server: with --optimize-for-size V8
 * grows the old generation less eagerly before collecting, which keeps a 60-member doctor run's
 * peak memory well down (docs/performance.md, "Memory"). Imported first by the entry point.
 */
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--optimize-for-size");
