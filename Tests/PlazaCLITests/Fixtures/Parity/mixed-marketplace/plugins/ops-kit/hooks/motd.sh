#!/bin/sh
echo "ops-kit ready"
