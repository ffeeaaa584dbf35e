#!/usr/bin/env node
// The installed `dynamo-logs` command. A file kept in the repository (the build writes dist/ later),
// so npm links it at install time, before anything is built.
'use strict';
require('../dist/src/bin.js');
