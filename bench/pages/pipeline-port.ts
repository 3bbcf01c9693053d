// Pipeline page entry (fallback): records go into a plain array behind the port.
import { startPipeline } from './pipeline';
import { createSink } from './sink-port';

startPipeline(createSink);
