// Jest setup: no gate summary (and evidence report) after every test synth; tests that check it pass `summary: true`.
process.env.CDK_HIPAA_SUMMARY = 'off';
