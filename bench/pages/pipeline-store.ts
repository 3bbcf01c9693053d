// Pipeline page entry: records go into the panel's store.
import { startPipeline } from './pipeline';
import { createSink } from './sink-store';

startPipeline(createSink);
