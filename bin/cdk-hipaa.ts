#!/usr/bin/env node
import { runReportCli } from '../lib/compliance/report';

process.exitCode = runReportCli(process.argv.slice(2));
