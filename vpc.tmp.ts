import { App, Stack } from 'aws-cdk-lib';
import { applyHipaaChecks, HipaaVpc } from './lib';
const app = new App({ context: require('./cdk.json').context });
const s = new Stack(app, 'Net');
new HipaaVpc(s, 'Net');
applyHipaaChecks(app);
try { app.synth(); console.log('clean'); } catch (e: any) { console.log(e.message.replace(/\(Control IDs[^)]*\)/g,'')); }
